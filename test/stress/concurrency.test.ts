import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSpanLine } from '../../src/store/otlp-json.ts';
import { segmentName } from '../../src/store/location.ts';
import { storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { spawnCollect, spooled, useReceivers, vstrace } from '../support/export.ts';
import { waitFor } from '../support/wait.ts';
import { useFigures } from './support/figures.ts';
import { DRIVERS } from './support/matrix.ts';

/**
 * 200 `vstrace run`s at once (xargs -P 200), exporting to a live receiver,
 * while loops run `ls --json`, `show --json last`, `vstrace flush` and
 * `vstrace prune --older-than 30d` (which has a 40-day-old segment to remove):
 * every span stored exactly once and delivered exactly once, every command's
 * status returned, no reader, flush or prune failing.
 */
const store = useTempStore();
const startReceiver = useReceivers();
const figures = useFigures('concurrency');
const RUNS = 200;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const EMPTY_STORE = 'vstrace: the store has no traces yet: record one with vstrace run -- <command>\n';
const OLD_TRACE = 'a'.repeat(32);
/** What `show last` says when the prune loop removed the old trace between finding it and reading it. */
const PRUNED_MEANWHILE = new RegExp(
  `^vstrace: (?:no trace "${OLD_TRACE}" in the store \\(list them with vstrace ls\\)|trace ${OLD_TRACE} is listed in the index but its records are gone \\(was it pruned\\?\\))\n$`,
);

/** A span that ended 40 days ago, in its own day's segment: what the prune loop must remove. */
function seedOldSegment(home: string): string {
  const startUs = (Date.now() - 40 * 86_400_000) * 1000;
  const old = { traceId: OLD_TRACE, spanId: 'b'.repeat(16), name: 'old', startUs, endUs: startUs + 1e6, status: { code: 'unset' as const }, attributes: {}, resource: { 'service.name': 'vstrace' } };
  mkdirSync(join(home, 'traces'), { recursive: true, mode: 0o700 });
  const path = join(home, 'traces', segmentName(startUs));
  writeFileSync(path, encodeSpanLine(old), { mode: 0o600 });
  return path;
}

/** Every call one loop of the driver made: its status, stdout and stderr. */
function calls(out: string, loop: string): Array<{ k: string; rc: string; stdout: string; stderr: string }> {
  return readdirSync(out)
    .filter((f) => f.startsWith(`${loop}.`) && f.endsWith('.rc'))
    .map((f) => f.slice(0, -3))
    .map((k) => ({ k, rc: readFileSync(join(out, `${k}.rc`), 'utf8').trim(), stdout: readFileSync(join(out, `${k}.out`), 'utf8'), stderr: readFileSync(join(out, `${k}.err`), 'utf8') }));
}

describe('concurrency', () => {
  it(`${RUNS} parallel runs with concurrent readers, flush and prune: each span stored once and delivered once`, async () => {
    const receiver = await startReceiver('http');
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, TRACEPARENT };
    const oldSegment = seedOldSegment(store.home);
    const out = join(store.dir, 'out');
    // Asynchronously: the receiver lives in this process and must answer while the driver runs.
    const r = await spawnCollect('bash', [join(DRIVERS, 'concurrency.sh'), VSTRACE, out, String(RUNS)], env, 300_000);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(out, 'writers.rc'), 'utf8').trim()).toBe('0');

    // Stored: each run once, with its own status; the old segment pruned.
    const spans = storedSpans(store.home);
    figures.spansExpected += RUNS;
    figures.spansLost += RUNS - new Set(spans.map((s) => s.attributes.n)).size;
    const byTag = new Map<string, number>();
    for (const s of spans) byTag.set(String(s.attributes.n), (byTag.get(String(s.attributes.n)) ?? 0) + 1);
    expect(Array.from({ length: RUNS }, (_, i) => String(i)).filter((n) => byTag.get(n) !== 1)).toEqual([]);
    expect(spans).toHaveLength(RUNS);
    for (const s of spans) expect(s.attributes['process.exit.code']).toBe(Number(s.attributes.n) % 7);
    expect(() => readFileSync(oldSegment)).toThrow(/ENOENT/);

    // Delivered: whatever the background flushers and the flush loop left, one last flush sends; each span once.
    const last = await vstrace(['flush', '--wait', '--timeout', '60000'], env);
    expect(last.status).toBe(0);
    await waitFor(() => spooled(store.home).length === 0, 'an empty spool', 60_000);
    const sent = receiver.spans.map((s) => s.spanId);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.sort()).toEqual(spans.map((s) => s.spanId).sort());

    // The loops: readers exit 0 with JSON; a reader may catch an append half-copied into the page cache and
    // skip that line, with a warning. Before the first run's span, `show last` may pick the old trace just as
    // the prune loop removes it: then it says so cleanly.
    let torn = 0;
    const reads = [...calls(out, 'ls'), ...calls(out, 'show')];
    for (const read of reads) {
      if (read.rc === '1' && (read.stderr === EMPTY_STORE || PRUNED_MEANWHILE.test(read.stderr))) continue;
      expect({ read: read.k, rc: read.rc }, read.stderr).toEqual({ read: read.k, rc: '0' });
      expect(() => JSON.parse(read.stdout)).not.toThrow();
      for (const line of read.stderr.split('\n').filter(Boolean)) {
        expect(line).toMatch(/^vstrace: warning: skipped \d+ unreadable lines? in \S+$/);
        torn += 1;
      }
    }
    // flush: 0 when it emptied the queue, 1 while spans remain (more runs keep coming); always its one summary line.
    const flushes = calls(out, 'flush');
    for (const f of flushes) {
      expect([f.k, f.stderr]).toEqual([f.k, '']);
      expect(['0', '1']).toContain(f.rc);
      expect(f.stdout).toMatch(/^(nothing queued for export.*|otlp \S+ \(http\/protobuf\): delivered \d+, \d+ queued.*)\n$/);
    }
    const prunes = calls(out, 'prune');
    for (const p of prunes) expect([p.k, p.rc, p.stderr]).toEqual([p.k, '0', '']);
    expect([reads.length, flushes.length, prunes.length].every((n) => n > 0)).toBe(true);

    figures.runs += RUNS + reads.length + flushes.length + prunes.length;
    figures.notes.push(
      `${RUNS} runs at once (xargs -P ${RUNS}) exporting to a live receiver, with ${reads.length} concurrent ls/show reads ` +
        `(${torn} saw an append in flight and skipped it with a warning), ${flushes.length} flushes and ${prunes.length} prunes: ` +
        `${RUNS} stored once, ${sent.length} delivered once`,
    );
  }, 300_000);
});
