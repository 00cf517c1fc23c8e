import { VstraceError } from '../../errors.ts';
import { GoldenAccumulator, type GroupStats, type SpanSample } from '../../stats/golden.ts';
import { describeGroupBy, type GroupBy } from '../../stats/grouping.ts';
import { windowsOf, type Window } from '../../stats/period.ts';
import { scanSamples } from '../../store/samples.ts';
import type { SeriesAccumulator } from '../../stats/series.ts';
import type { Env } from '../../trace/carrier.ts';
import { choosePalette, formatLocalTime } from '../../view/format.ts';
import { renderStats } from '../../view/stats-table.ts';
import { readerSettings, reportSkipped } from '../../store/queries.ts';

export interface StatsOptions {
  /** --since in µs; Infinity for `all`. */
  since: number;
  by: GroupBy;
  compare: boolean;
  json: boolean;
}

export interface GoldenReport {
  by: GroupBy;
  window: Window;
  groups: GroupStats[];
  previousWindow?: Window;
  previous?: GroupStats[];
}

/**
 * Which spans count: every ended span that started inside the window,
 * grouped by its own type, name or tag — a pipeline and the build inside it
 * each count once, in their own group. Open spans are counted apart and kept
 * out of latency and error rate.
 */
export function goldenReport(home: string, by: GroupBy, since: number, compare: boolean, nowUs: number, series?: SeriesAccumulator): GoldenReport {
  if (compare && !Number.isFinite(since)) throw new VstraceError('USAGE', '--compare needs a period to compare: give --since, e.g. --since 7d --compare');
  const { current, previous } = windowsOf(since, nowUs);
  const windows = compare ? [current, previous] : [current];
  const accs = windows.map(() => new GoldenAccumulator());
  const sinks = accs.map((acc) => (key: string, sample: SpanSample) => acc.add(key, sample));
  if (series) {
    const first = sinks[0]!;
    sinks[0] = (key, sample) => {
      first(key, sample);
      series.add(key, sample);
    };
  }
  const earliestUs = scanSamples(home, by, windows, sinks, reportSkipped);
  const window = Number.isFinite(since) ? current : { fromUs: Math.min(earliestUs, nowUs), toUs: nowUs };
  return {
    by,
    window,
    groups: accs[0]!.finish(window),
    ...(compare ? { previousWindow: previous, previous: accs[1]!.finish(previous) } : {}),
  };
}

const days = (w: Window): number => (w.toUs - w.fromUs) / 86_400e6;
const span = (w: Window): string => `${formatLocalTime(w.fromUs).slice(0, 16)} → ${formatLocalTime(w.toUs).slice(0, 16)}`;

export function statsCommand(options: StatsOptions, env: Env, isTTY: boolean, nowUs: number): string {
  const { home } = readerSettings(env).store;
  const report = goldenReport(home, options.by, options.since, options.compare, nowUs);
  if (options.json) {
    const plain = (groups: GroupStats[]) => groups.map(({ durations: _, ...g }) => g);
    return JSON.stringify(
      {
        by: describeGroupBy(report.by),
        window: report.window,
        groups: plain(report.groups),
        ...(report.previous ? { previousWindow: report.previousWindow, previous: plain(report.previous) } : {}),
      },
      null,
      2,
    );
  }
  const title = report.previousWindow
    ? `Ended spans by ${describeGroupBy(report.by)}: ${span(report.previousWindow)}  vs  ${span(report.window)}`
    : `Ended spans by ${describeGroupBy(report.by)}, ${span(report.window)} (${days(report.window) >= 2 ? `${days(report.window).toFixed(0)} days` : `${(days(report.window) * 24).toFixed(1)} hours`})`;
  return renderStats({ title, days: days(report.window), groups: report.groups, ...(report.previous ? { previous: report.previous } : {}) }, choosePalette(isTTY, env));
}
