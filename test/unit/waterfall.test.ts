import { describe, expect, it } from 'vitest';

process.env.TZ = 'UTC'; // the header shows local time
import { groupTraces } from '../../src/trace/traces.ts';
import { PLAIN } from '../../src/view/format.ts';
import { renderWaterfall } from '../../src/view/waterfall.ts';
import { makeSpan } from '../support/spans.ts';

const S = 1e6;
const T0 = Date.UTC(2026, 2, 10, 12) * 1000;

/** A pipeline: build, push, a test step fanned out into 12 shards (shard 7 fails), and a deploy still running. */
function pipeline() {
  const t = 'feed';
  const spans = [
    makeSpan({ trace: t, span: 'a0', name: 'pipeline: ci.sh', type: 'pipeline', startUs: T0, durationUs: 100 * S, exit: 1, service: 'api', tags: { 'vcs.ref.head.name': 'main' } }),
    makeSpan({ trace: t, span: 'b1', parent: 'a0', name: 'build: docker build', type: 'build', startUs: T0 + 1 * S, durationUs: 30 * S }),
    makeSpan({ trace: t, span: 'b2', parent: 'a0', name: 'push: docker push', type: 'push', startUs: T0 + 32 * S, durationUs: 8 * S }),
    makeSpan({ trace: t, span: 'b3', parent: 'a0', name: 'test: make test', type: 'test', startUs: T0 + 41 * S, durationUs: 40 * S, exit: 2 }),
    makeSpan({ trace: t, span: 'b4', parent: 'a0', name: 'deploy: kubectl apply', type: 'deploy', startUs: T0 + 82 * S }),
  ];
  for (let i = 1; i <= 12; i++) {
    spans.push(
      makeSpan({
        trace: t,
        span: `c${i.toString(16)}`,
        parent: 'b3',
        name: `test: shard ${i}/12`,
        type: 'test',
        startUs: T0 + (41 + i) * S,
        durationUs: (i === 4 ? 25 : 10 + i) * S,
        ...(i === 7 ? { exit: 1 } : {}),
        ...(i === 9 ? { signal: 'SIGTERM' } : {}),
      }),
    );
  }
  return groupTraces(spans)[0]!;
}

describe('the waterfall', () => {
  it('draws every span of a small trace, open spans up to now, errors marked', () => {
    const text = renderWaterfall(pipeline(), { width: 96, palette: PLAIN, nowUs: T0 + 120 * S });
    expect(text).toMatchInlineSnapshot(`
      "trace 0000000000000000000000000000feed · 2026-03-10 12:00:00 · 17 spans · open, 2m00s so far · 4 errors · service api · main · on ci-1
      pipeline: ci.sh                   █████████████████████████████████          1m40s ✗ exit 1
        build: docker build             ██████████                                 30.0s
        push: docker push                         ███                              8.00s
        test: make test                              █████████████                 40.0s ✗ exit 2
          test: shard 1/12                           ████                          11.0s
          test: shard 2/12                           ████                          12.0s
          test: shard 3/12                            ████                         13.0s
          test: shard 4/12                            ████████                     25.0s
          test: shard 5/12                            █████                        15.0s
          test: shard 6/12                             █████                       16.0s
          test: shard 7/12                             ██████                      17.0s ✗ exit 1
          test: shard 8/12                             ██████                      18.0s
          test: shard 9/12                              ██████                     19.0s ✗ SIGTERM
          test: shard 10/12                             ███████                    20.0s
          test: shard 11/12                             ███████                    21.0s
          test: shard 12/12                              ███████                   22.0s
        deploy: kubectl apply                                     ░░░░░░░░░░░░  open 38.0s"
    `);
  });

  it('folds long runs of siblings past the row budget, keeping first, last, failed and slowest', () => {
    const draw = (maxRows: number) => renderWaterfall(pipeline(), { width: 96, palette: PLAIN, nowUs: T0 + 120 * S, maxRows }).split('\n');
    const full = draw(Infinity);
    // shards 5 and 6 (neither first, last, failed nor among the 3 slowest) fold into one row; a lone hidden shard (8, 10) is shown
    expect(draw(10)).toEqual([...full.slice(0, 9), expect.stringMatching(/^ {4}⋯ 2 more like test: shard 5\/… +┄{6}$/), ...full.slice(11)]);
  });

  it("shows each span's own tags after its marks, taking their room from the bars, never past the width", () => {
    const t = 'beef';
    const trace = groupTraces([
      makeSpan({ trace: t, span: 'a0', name: 'pipeline: deploy-api.sh', type: 'pipeline', startUs: T0, durationUs: 60 * S, tags: { source: 'gcloud', service: 'api' } }),
      makeSpan({ trace: t, span: 'b1', parent: 'a0', name: 'build: docker build', type: 'build', startUs: T0 + S, durationUs: 20 * S, tags: { type: 'docker' } }),
      makeSpan({
        trace: t,
        span: 'b2',
        parent: 'a0',
        name: 'deploy: gcloud app',
        type: 'deploy',
        startUs: T0 + 22 * S,
        durationUs: 30 * S,
        exit: 1,
        tags: { type: 'gae', region: 'us-central1', version: 'v1-with-a-rather-long-label' },
      }),
      makeSpan({ trace: t, span: 'b3', parent: 'a0', name: 'notify', startUs: T0 + 53 * S, durationUs: 1 * S }),
    ])[0]!;
    const text = renderWaterfall(trace, { width: 96, palette: PLAIN, nowUs: T0 + 120 * S });
    expect(text).toMatchInlineSnapshot(`
      "trace 0000000000000000000000000000beef · 2026-03-10 12:00:00 · 4 spans · 1m00s · 1 error · on ci-1
      pipeline: deploy-api.sh           ████████████████████    1m00s source=gcloud service=api
        build: docker build             ███████                 20.0s type=docker
        deploy: gcloud app                     ██████████       30.0s ✗ exit 1 type=gae region=us-cen…
        notify                                           █      1.00s"
    `);
    for (const width of [60, 80, 96, 160]) {
      for (const line of renderWaterfall(trace, { width, palette: PLAIN, nowUs: T0 + 120 * S })
        .split('\n')
        .slice(1))
        expect([...line].length).toBeLessThanOrEqual(width);
    }
  });
});
