import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendSpan } from '../../src/store/writer.ts';
import { bashSync, VSTRACE, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { makeSpan } from '../support/spans.ts';

const store = useTempStore();
const S = 1e6;
const DAY = 86_400e6;
const now = Date.now() * 1000;

/**
 * Known data, answers checkable by hand:
 * - this week: deploys of 60, 120, 180, 240 s (the 180 s one exits 3) → p50 120 s, p90 240 s, 25% errors;
 *   builds of 10 s with 2+1 s CPU, one inside a pipeline tagged service=api
 * - the week before: deploys of 200 and 300 s → p50 200 s: 200 s → 120 s is −40%
 * - an open span (a `vstrace start` whose end never came), 20 minutes ago
 * - 20 days ago: one old build, for --since and prune
 */
function seed(home: string) {
  [60, 120, 180, 240].forEach((secs, i) =>
    appendSpan(
      home,
      makeSpan({ trace: `d${i}`, span: `d${i}`, type: 'deploy', name: `deploy: helm upgrade ${i}`, startUs: now - (i + 1) * DAY, durationUs: secs * S, ...(secs === 180 ? { exit: 3 } : {}) }),
    ),
  );
  [200, 300].forEach((secs, i) => appendSpan(home, makeSpan({ trace: `e${i}`, span: `e${i}`, type: 'deploy', startUs: now - (8 + i) * DAY, durationUs: secs * S })));
  for (let i = 0; i < 2; i++) appendSpan(home, makeSpan({ trace: `b${i}`, span: `b${i}`, type: 'build', startUs: now - (5 + i) * DAY, durationUs: 10 * S, cpu: [2, 1] }));
  appendSpan(
    home,
    makeSpan({ trace: 'f0', span: 'f1', parent: 'f0', type: 'build', name: 'build: docker build', startUs: now - 2 * 3_600e6 + S, durationUs: 10 * S, cpu: [2, 1], tags: { service: 'api' } }),
  );
  appendSpan(home, makeSpan({ trace: 'f0', span: 'f0', type: 'pipeline', name: 'pipeline: ci.sh', startUs: now - 2 * 3_600e6, durationUs: 30 * S, tags: { service: 'api' } }));
  appendSpan(home, makeSpan({ trace: 'a0', span: 'a0', type: 'release', name: 'release: tag and publish', startUs: now - 20 * 60 * S }));
  appendSpan(home, makeSpan({ trace: 'c0', span: 'c0', type: 'build', startUs: now - 20 * DAY, durationUs: 5 * S }));
}

const run = (args: string[]) => vstraceSync(args, { env: store.env });
const json = (args: string[]) => {
  const r = run([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};

describe('ls', () => {
  beforeEach(() => seed(store.home));

  it('lists traces newest first with root name, type, duration, spans, status and service', () => {
    const rows = json(['ls']);
    expect(rows.map((r: { name: string }) => r.name).slice(0, 3)).toEqual(['release: tag and publish', 'pipeline: ci.sh', 'deploy: helm upgrade 0']);
    expect(rows[0]).toMatchObject({ type: 'release', status: 'open', durationMs: null, spans: 1 });
    expect(rows[1]).toMatchObject({ type: 'pipeline', status: 'ok', durationMs: 30_000, spans: 2, service: 'vstrace' });
    expect(rows).toHaveLength(11);
  });

  it('filters by --type, --tag, --status, --since and --limit', () => {
    const names = (args: string[]) => json(['ls', ...args]).map((r: { traceId: string }) => r.traceId.replace(/^0+/, ''));
    expect(names(['--type', 'deploy', '--since', '7d'])).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(names(['--status', 'error'])).toEqual(['d2']);
    expect(names(['--status', 'open'])).toEqual(['a0']);
    expect(names(['--tag', 'service=api'])).toEqual(['f0']);
    expect(names(['--type', 'build', '--limit', '2'])).toEqual(['f0', 'b0']);
    expect(names(['--since', '3h'])).toEqual(['a0', 'f0']);
    expect(names(['--type', 'build'])).toContain('c0');
  });

  it('nothing matching the filters says so, naming them; an empty store says it is empty', () => {
    const r = run(['ls', '--type', 'nosuch', '--status', 'open', '--since', '7d']);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'No traces match --since 7d --type nosuch --status open. Without them, vstrace ls lists the newest.\n', '']);
    const empty = vstraceSync(['ls', '--type', 'nosuch'], { env: { ...store.env, VSTRACE_HOME: join(store.dir, 'empty') } });
    expect(empty.stdout).toBe('No traces yet. Record one with: vstrace run -- <command>\n');
  });

  it("a reader that leaves early (| true, | head) is no error: no stack trace, the command's status", () => {
    for (const args of ['--help', 'ls --help', 'ls', 'show last']) {
      const r = bashSync(`"${VSTRACE}" ${args} | true; echo "status \${PIPESTATUS[0]}"`, store.env);
      expect([args, r.stdout, r.stderr]).toEqual([args, 'status 0\n', '']);
    }
  });

  it('a stdout its opener left non-blocking, read slowly, still gets every byte (the rest waits in process.stdout)', () => {
    for (let i = 0; i < 600; i++) appendSpan(store.home, makeSpan({ trace: (0xf000 + i).toString(16), span: (0xf000 + i).toString(16), type: 'build', startUs: now - i * S, durationUs: S }));
    const args = ['ls', '--json', '--limit', '600'];
    const whole = run(args).stdout;
    expect(whole.length).toBeGreaterThan(128 * 1024);
    // The pipe's write end made O_NONBLOCK before the exec, as a Node parent leaves its pipes; the reader lags behind.
    const script = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(0.3)',
      'out = b""',
      'while chunk := os.read(r, 4096):',
      '    out += chunk',
      'sys.stdout.buffer.write(out)',
      'sys.exit(p.wait())',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, VSTRACE, ...args], { encoding: 'utf8', env: store.env, maxBuffer: 64 * 1024 * 1024 });
    expect([r.status, r.stderr, r.stdout.length]).toEqual([0, '', whole.length]);
    expect(r.stdout).toBe(whole);
  });

  it('rejects a bad --since or --status with a one-line message and exit 2', () => {
    const r = run(['ls', '--since', '3x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'3x' is invalid\. "3x" is not a duration: write a number and a unit, e.g. 30d, 12h, 90m/);
    expect(run(['ls', '--status', 'failed']).stderr).toMatch(/use ok, error or open/);
  });
});

describe('absurd periods and widths', () => {
  beforeEach(() => seed(store.home));

  it.each([
    [['ls', '--since', '99999999999999999999d'], '"99999999999999999999d" is too long: at most 36500d (100 years), or all for the whole store'],
    [['report', '--since', '99999999999d'], '"99999999999d" is too long: at most 36500d (100 years), or all for the whole store'],
    [['stats', '--since', '99999999999d', '--compare'], '"99999999999d" is too long: at most 36500d (100 years), or all for the whole store'],
    [['prune', '--older-than', '99999999d'], '"99999999d" is too long: at most 36500d (100 years)'],
    [['show', 'last', '--width', '99999999999'], '"99999999999" is too wide: at most 1000 columns'],
  ])('%j: a usage error (exit 2) saying the bound', (args, message) => {
    const r = run(args);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/internal error|NaN/);
  });

  it('the longest period allowed gives real dates', () => {
    const out = run(['stats', '--since', '36500d', '--compare']);
    expect(out.status).toBe(0);
    expect(out.stdout.split('\n')[0]).toMatch(/^Ended spans by type: 18\d\d-\d\d-\d\d \d\d:\d\d → 19\d\d-/);
  });
});

describe('show', () => {
  beforeEach(() => seed(store.home));

  it('shows the newest trace, an open span as open', () => {
    const r = run(['show', 'last', '--width', '100']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^trace 0+a0 · .* · 1 span · open, 20m\d\ds so far/);
    expect(r.stdout).toMatch(/release: tag and publish\s+░+\s+open 20m\d\ds/);
  });

  it('finds a trace by a prefix, draws its tree, and reads full records for --json', () => {
    const id = 'f0'.padStart(32, '0');
    const text = run(['show', id.slice(0, 31)]).stdout;
    expect(text).toContain('pipeline: ci.sh');
    // each row carries its span's own tags: the root's from its record, the child's from the index
    expect(text).toMatch(/^pipeline: ci\.sh .* 30\.0s service=api$/m);
    expect(text).toMatch(/\n {2}build: docker build .* 10\.0s service=api\n/);
    const full = json(['show', id]);
    expect(full.spans.map((s: { depth: number }) => s.depth)).toEqual([0, 1]);
    expect(full.spans[1].attributes['process.command_args']).toEqual(['sh', '-c', 'true']);
  });

  it("rows show the span's own tags, not the resource every span of the trace shares", () => {
    const env = { ...store.env, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' };
    const r = bashSync(`"${VSTRACE}" run --type pipeline --tag service.tier=web -- "${VSTRACE}" run --type build --tag image=api -- true`, env);
    expect(r.status).toBe(0);
    const text = run(['show', 'last', '--width', '120']).stdout;
    expect(text).toMatch(/^pipeline: .* service\.tier=web$/m);
    expect(text).toMatch(/^ {2}build: true .* image=api$/m);
    expect(text).not.toContain('deployment.environment');
  });

  it('says when a trace is missing or the prefix is ambiguous', () => {
    expect(run(['show', 'abcdef12'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/no trace "abcdef12" in the store/) });
    expect(run(['show', '0000'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/matches \d+ traces: give more of the id/) });
  });
});

describe('stats', () => {
  beforeEach(() => seed(store.home));

  it('gives the golden signals per type for the period', () => {
    const out = json(['stats', '--since', '7d']);
    const deploy = out.groups.find((g: { key: string }) => g.key === 'deploy');
    expect(deploy).toMatchObject({ count: 4, p50Us: 120 * S, p90Us: 240 * S, p99Us: 240 * S, maxUs: 240 * S, errors: 1, errorRate: 0.25, open: 0 });
    expect(deploy.ratePerDay).toBeCloseTo(4 / 7, 10);
    const build = out.groups.find((g: { key: string }) => g.key === 'build');
    expect(build).toMatchObject({ count: 3, p50Us: 10 * S, errorRate: 0, cpuSecondsPerRun: 3 });
    expect(out.groups.find((g: { key: string }) => g.key === 'release')).toMatchObject({ count: 0, open: 1 });
  });

  it('compares with the previous period of equal length', () => {
    const out = json(['stats', '--since', '7d', '--compare']);
    expect(out.previous.find((g: { key: string }) => g.key === 'deploy')).toMatchObject({ count: 2, p50Us: 200 * S, maxUs: 300 * S });
    const text = run(['stats', '--since', '7d', '--compare']).stdout;
    // One row per group: each figure's previous value, this period's, and the change (benchstat's layout).
    const lines = text.trimEnd().split('\n');
    expect(lines[2]).toMatch(/^\s+RUNS\s+P50\s+P90\s+ERRORS\s+CPU\/RUN$/);
    expect(lines[3]).toMatch(/^GROUP\s+(was\s+now\s+Δ\s*){5}$/);
    expect(lines.filter((l) => l.startsWith('deploy '))).toEqual([expect.stringMatching(/^deploy\s+2\s+4\s+\+100%\s+3m20s\s+2m00s\s+−40%\s+5m00s\s+4m00s\s+−20%\s+0%\s+25%\s+\+25\.0 pp\s+—\s+—$/)]);
    expect(lines.filter((l) => l.startsWith('build '))).toEqual([expect.stringMatching(/^build\s+—\s+3\s+—\s+10\.0s\s+—\s+10\.0s\s+—\s+0%\s+—\s+3\.00s$/)]);
    expect(lines).toHaveLength(4 + 4);
  });

  it('counts a span recorded open and then ended once, as ended', () => {
    appendSpan(store.home, makeSpan({ trace: 'ab', span: 'ab', type: 'job', startUs: now - 3 * DAY }));
    appendSpan(store.home, makeSpan({ trace: 'ab', span: 'ab', type: 'job', startUs: now - 3 * DAY, durationUs: 2 * DAY }));
    const job = json(['stats', '--since', '7d']).groups.find((g: { key: string }) => g.key === 'job');
    expect(job).toMatchObject({ count: 1, open: 0, p50Us: 2 * DAY });
    expect(json(['ls', '--type', 'job'])).toMatchObject([{ status: 'ok', spans: 1 }]);
  });

  it('groups by a tag or by name, and counts every span of the store with --since all', () => {
    const byService = json(['stats', '--since', '7d', '--by', 'tag:service']).groups.map((g: { key: string; count: number }) => [g.key, g.count]);
    expect(byService).toEqual([
      ['(none)', 6],
      ['api', 2],
    ]);
    const all = json(['stats', '--since', 'all', '--by', 'name']);
    expect(all.groups.reduce((n: number, g: { count: number }) => n + g.count, 0)).toBe(11);
    expect(run(['stats', '--since', 'all', '--compare']).stderr).toMatch(/--compare needs a period/);
  });
});

describe('prune and the index under concurrent writers', () => {
  it('prunes days older than --older-than, and the store reads the same afterwards', () => {
    seed(store.home);
    const before = readdirSync(join(store.home, 'traces')).length;
    const r = run(['prune', '--older-than', '15d']);
    expect(r.stdout).toMatch(/^Removed 1 day of spans \(\d{4}-\d\d-\d\d\), freed/);
    expect(readdirSync(join(store.home, 'traces'))).toHaveLength(before - 1);
    expect(json(['ls', '--type', 'build']).map((t: { traceId: string }) => t.traceId.replace(/^0+/, ''))).toEqual(['f0', 'b0', 'b1']);
  });

  it('sees every span after 40 concurrent writers raced a reader that kept indexing', () => {
    const line = `for i in $(seq 40); do ${VSTRACE} run --type=race -- true & done; for j in 1 2 3 4 5; do ${VSTRACE} ls --limit 100 >/dev/null; done; wait`;
    expect(bashSync(line, store.env).status).toBe(0);
    const rows = json(['ls', '--type', 'race', '--limit', '100']);
    expect(rows).toHaveLength(40);
    expect(json(['stats', '--since', '1h']).groups[0]).toMatchObject({ key: 'race', count: 40 });
  });
});
