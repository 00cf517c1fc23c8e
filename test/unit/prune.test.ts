import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markEnded, markOpen } from '../../src/store/open-marks.ts';
import { autoPrune, capLimits, pruneStore } from '../../src/store/prune.ts';

const NOW = Date.parse('2026-03-31T12:00:00Z') * 1000;
const DAY = 86_400e6;
let home = '';
const MB = 1024 * 1024;

/** One segment (and its index) per day, `mb` MB each. */
function seed(days: string[], mb = 0.001) {
  mkdirSync(join(home, 'traces'), { recursive: true });
  mkdirSync(join(home, 'index'), { recursive: true });
  for (const day of days) {
    writeFileSync(join(home, 'traces', `${day}.jsonl`), Buffer.alloc(Math.round(mb * MB), 0x20));
    writeFileSync(join(home, 'index', `${day}.idx`), 'x');
    writeFileSync(join(home, 'index', `${day}.deployments.json`), '{}');
  }
}
const left = () => readdirSync(join(home, 'traces')).sort();

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'vstrace-prune-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('retention', () => {
  it('keeps a day that holds the record of a span still open, until the span ends', () => {
    seed(['2026-02-27', '2026-02-28', '2026-03-31']);
    markOpen(home, { spanId: 'a'.repeat(16), traceId: 'b'.repeat(32), ppid: 1, startUs: Date.parse('2026-02-28T10:00:00Z') * 1000 });
    const first = pruneStore(home, { beforeUs: NOW - 10 * DAY }, NOW);
    expect(first.removed.map((p) => p.slice(-16))).toEqual(['2026-02-27.jsonl']);
    expect(first.keptOpen.map((p) => p.slice(-16))).toEqual(['2026-02-28.jsonl']);
    expect(left()).toEqual(['2026-02-28.jsonl', '2026-03-31.jsonl']);
    markEnded(home, 'a'.repeat(16));
    expect(pruneStore(home, { beforeUs: NOW - 10 * DAY }, NOW).removed.map((p) => p.slice(-16))).toEqual(['2026-02-28.jsonl']);
  });

  it('removes whole days whose spans all ended before the cut-off, with their index', () => {
    seed(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-31']);
    // cut-off 2026-03-01 12:00: the 28th ended at 03-01 00:00 (gone), the 1st ends 03-02 00:00 (kept)
    const result = pruneStore(home, { beforeUs: NOW - 30 * DAY }, NOW);
    expect(result.removed.map((p) => p.slice(-16))).toEqual(['2026-02-27.jsonl', '2026-02-28.jsonl']);
    expect(left()).toEqual(['2026-03-01.jsonl', '2026-03-02.jsonl', '2026-03-31.jsonl']);
    expect(existsSync(join(home, 'index', '2026-02-28.idx'))).toBe(false);
    expect(existsSync(join(home, 'index', '2026-03-01.idx'))).toBe(true);
    // what dora kept of a day goes with the day
    expect(existsSync(join(home, 'index', '2026-02-28.deployments.json'))).toBe(false);
    expect(existsSync(join(home, 'index', '2026-03-01.deployments.json'))).toBe(true);
  });

  it('removes the oldest days until the store fits the size cap, never today', () => {
    seed(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'], 1);
    const result = pruneStore(home, { maxBytes: 2.5 * MB }, NOW);
    expect(left()).toEqual(['2026-03-30.jsonl', '2026-03-31.jsonl']);
    expect(result.keptBytes).toBeLessThanOrEqual(2.5 * MB);
    expect(pruneStore(home, { maxBytes: 1 }, NOW).removed).toHaveLength(1);
    expect(left()).toEqual(['2026-03-31.jsonl']);
  });

  it('applies the configured caps at most once a day', () => {
    seed(['2026-01-01', '2026-03-31']);
    expect(autoPrune(home, { maxAgeDays: 30, maxSizeMb: 1024 }, NOW)?.removed).toHaveLength(1);
    seed(['2026-01-02']);
    expect(autoPrune(home, { maxAgeDays: 30, maxSizeMb: 1024 }, NOW + 3_600e6)).toBeUndefined();
    expect(left()).toContain('2026-01-02.jsonl');
    expect(autoPrune(home, { maxAgeDays: 30, maxSizeMb: 1024 }, NOW + DAY)?.removed).toHaveLength(1);
  });

  it('a cap of 0 is no cap: nothing goes for it', () => {
    expect(capLimits({ maxAgeDays: 0, maxSizeMb: 0 }, NOW)).toEqual({});
    expect(capLimits({ maxAgeDays: 30, maxSizeMb: 0 }, NOW)).toEqual({ beforeUs: NOW - 30 * DAY });
    seed(['2020-01-01', '2026-03-30', '2026-03-31'], 1);
    expect(autoPrune(home, { maxAgeDays: 0, maxSizeMb: 0 }, NOW)?.removed).toEqual([]);
    expect(left()).toHaveLength(3);
  });

  it('clears index files a killed reader left half-written, once they are an hour old', () => {
    seed(['2026-03-31']);
    const stale = join(home, 'index', '2026-03-31.idx.123.abc.tmp');
    writeFileSync(stale, 'half');
    utimesSync(stale, new Date(NOW / 1000 - 7_200_000), new Date(NOW / 1000 - 7_200_000));
    const fresh = join(home, 'index', '2026-03-31.idx.124.abd.tmp');
    writeFileSync(fresh, 'being written');
    utimesSync(fresh, new Date(NOW / 1000 - 60_000), new Date(NOW / 1000 - 60_000));
    autoPrune(home, { maxAgeDays: 30, maxSizeMb: 1024 }, NOW);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('leaves a store that does not exist alone', () => {
    expect(autoPrune(join(home, 'nothing'), { maxAgeDays: 30, maxSizeMb: 1 }, NOW)?.removed).toEqual([]);
    expect(existsSync(join(home, 'nothing'))).toBe(false);
  });
});
