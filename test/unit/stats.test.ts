import { describe, expect, it } from 'vitest';
import { change, GoldenAccumulator } from '../../src/stats/golden.ts';
import { parseGroupBy } from '../../src/stats/grouping.ts';
import { formatPeriod, parseDuration, parseSince, windowsOf } from '../../src/stats/period.ts';
import { describeFilters } from '../../src/view/list.ts';
import fc from 'fast-check';
import { percentiles } from '../../src/stats/percentile.ts';

/** One nearest-rank percentile of a plain array. */
const nearestRank = (values: number[], p: number): number => percentiles(Float64Array.from(values), [p])[0]!;
import { SeriesAccumulator } from '../../src/stats/series.ts';
import { formatChange, formatPoints, formatRate } from '../../src/view/stats-table.ts';
import { formatCpu } from '../../src/view/format.ts';

const S = 1e6;
const DAY = 86_400e6;
const sample = (durationS: number, error = false, cpuSeconds = Number.NaN, startUs = 0) => ({ startUs, durationUs: durationS * S, error, cpuSeconds });

describe('percentiles (nearest rank, exact)', () => {
  it('picks the value at rank ceil(p/100 * n)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, given reversed
    expect(percentiles(Float64Array.from(hundred), [50, 90, 99, 100])).toEqual([50, 90, 99, 100]);
    // n = 10: p50 → rank 5, p90 → rank 9, p99 → rank 10
    expect(percentiles(Float64Array.from([70, 20, 30, 100, 50, 60, 10, 80, 90, 40]), [99, 50, 90])).toEqual([100, 50, 90]);
    // n = 4: p50 → rank 2 (a value that occurred, no interpolation)
    expect(nearestRank([4, 1, 3, 2], 50)).toBe(2);
    expect(nearestRank([7], 99)).toBe(7);
    expect(nearestRank([], 50)).toBeNaN();
  });

  it('agrees with sorting, for any data (duplicates, ties, any order)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }), (values, ps) => {
        const sorted = [...values].sort((a, b) => a - b);
        const expected = ps.map((p) => sorted[Math.ceil((p / 100) * sorted.length) - 1]);
        expect(percentiles(Float64Array.from(values), ps)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('golden signals', () => {
  it('counts, rates, percentiles, error rate and CPU per run for hand-checkable data', () => {
    const acc = new GoldenAccumulator();
    // deploy: 20 runs of 1..20 minutes, runs 3 and 7 failed, CPU recorded on 4 runs: 2+4+6+8 → 5 s a run
    for (let m = 1; m <= 20; m++) acc.add('deploy', sample(m * 60, m === 3 || m === 7, m <= 4 ? m * 2 : Number.NaN));
    acc.add('deploy', { startUs: 0, durationUs: -1, error: false, cpuSeconds: Number.NaN }); // open: apart
    for (let i = 0; i < 5; i++) acc.add('build', sample(30));
    const [deploy, build] = acc.finish({ fromUs: 0, toUs: 10 * DAY });
    expect(deploy).toMatchObject({
      key: 'deploy',
      count: 20,
      ratePerDay: 2,
      ratePerHour: 2 / 24,
      p50Us: 10 * 60 * S,
      p90Us: 18 * 60 * S,
      p99Us: 20 * 60 * S,
      maxUs: 20 * 60 * S,
      errors: 2,
      errorRate: 0.1,
      cpuSecondsPerRun: 5,
      open: 1,
    });
    expect(build).toMatchObject({ key: 'build', count: 5, p50Us: 30 * S, errorRate: 0, cpuSecondsPerRun: null });
  });

  it('compares periods: relative change, percentage points, and the signs users read', () => {
    expect(change(252, 185)).toBeCloseTo(-0.2659, 4); // 4m12s → 3m05s
    expect(formatChange(change(252, 185))).toBe('−27%');
    expect(formatChange(change(100, 108))).toBe('+8%');
    expect(formatChange(change(100, 100.2))).toBe('±0%');
    expect(formatChange(change(0, 5))).toBe('');
    expect(formatChange(change(undefined, 5))).toBe('');
    expect(formatPoints(0.034 - 0.021)).toBe('+1.3 pp');
    expect(formatPoints(-0.0001)).toBe('±0.0 pp');
    expect(formatRate({ ratePerDay: 2, ratePerHour: 2 / 24 }, 10)).toBe('2.0/day');
    expect(formatRate({ ratePerDay: 48, ratePerHour: 2 }, 1)).toBe('2.0/h');
  });

  it('shows CPU at the precision it was measured: ticks of 10 ms, — where unmeasured', () => {
    expect([0, 0.004, 0.0099, 0.01, 0.25, 3].map(formatCpu)).toEqual(['<10ms', '<10ms', '<10ms', '10ms', '250ms', '3.00s']);
    expect([null, undefined, Number.NaN].map(formatCpu)).toEqual(['—', '—', '—']);
  });

  it('buckets durations over time with exact per-bucket percentiles', () => {
    const series = new SeriesAccumulator(0, DAY);
    for (const [day, s, err] of [
      [0, 10, false],
      [0, 30, true],
      [0, 20, false],
      [2, 5, false],
    ] as const)
      series.add('t', sample(s, err, Number.NaN, day * DAY + 1000));
    expect(series.finish('t')).toEqual([
      { startUs: 0, count: 3, p50Us: 20 * S, p90Us: 30 * S, errors: 1 },
      { startUs: 2 * DAY, count: 1, p50Us: 5 * S, p90Us: 5 * S, errors: 0 },
    ]);
  });
});

describe('periods and grouping', () => {
  it('parses 30d, 12h, 90m, 2w, 45s', () => {
    expect(parseDuration('30d')).toBe(30 * DAY);
    expect(parseDuration('12h')).toBe(12 * 3_600 * S);
    expect(parseDuration('90m')).toBe(90 * 60 * S);
    expect(parseDuration('2w')).toBe(14 * DAY);
    expect(parseDuration('1.5h')).toBe(5_400 * S);
    expect(parseSince('all')).toBe(Number.POSITIVE_INFINITY);
  });

  it.each(['30', 'd', '3x', '-1d', '0d', ''])('rejects %j with a message that shows the form', (text) => {
    expect(() => parseDuration(text)).toThrow(/30d, 12h, 90m|more than zero/);
  });

  it('bounds a duration at 100 years, so every date a period reaches can be shown; --since offers all', () => {
    expect(parseDuration('36500d')).toBe(36_500 * DAY);
    expect(() => parseDuration('36501d')).toThrow('"36501d" is too long: at most 36500d (100 years)');
    expect(() => parseSince('99999999999999999999d')).toThrow('"99999999999999999999d" is too long: at most 36500d (100 years), or all for the whole store');
    const { previous } = windowsOf(parseSince('36500d'), Date.now() * 1000);
    expect(new Date(previous.fromUs / 1000).getUTCFullYear()).toBeGreaterThan(1800);
  });

  it('writes a period back in the largest whole unit', () => {
    expect([7 * DAY, 14 * DAY, 90 * 60 * S, 36 * 3_600 * S, 45 * S, 1.5 * S].map(formatPeriod)).toEqual(['7d', '14d', '90m', '36h', '45s', '1.5s']);
  });

  it('names ls filters as flags, none for --since all', () => {
    expect(
      describeFilters({
        since: 7 * DAY,
        type: 'deploy',
        tags: [
          ['service', 'api'],
          ['team', 'a b'],
        ],
        status: 'error',
      }),
    ).toBe('--since 7d --type deploy --tag service=api --tag "team=a b" --status error');
    expect(describeFilters({ since: Number.POSITIVE_INFINITY })).toBe('');
  });

  it('sets the previous window of equal length just before the current one', () => {
    expect(windowsOf(7 * DAY, 100 * DAY)).toEqual({ current: { fromUs: 93 * DAY, toUs: 100 * DAY }, previous: { fromUs: 86 * DAY, toUs: 93 * DAY } });
  });

  it('groups by type, name or tag:KEY', () => {
    expect(parseGroupBy('type')).toEqual({ kind: 'type' });
    expect(parseGroupBy('tag:service')).toEqual({ kind: 'tag', key: 'service' });
    expect(() => parseGroupBy('tag:')).toThrow(/type, name or tag:KEY/);
    expect(() => parseGroupBy('host')).toThrow(/type, name or tag:KEY/);
  });
});
