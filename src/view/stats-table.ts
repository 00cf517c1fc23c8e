import { change, type GroupStats } from '../stats/golden.ts';
import { fit, formatCpu, formatDuration, type Palette } from './format.ts';

/** What `stats` shows: the groups of a window, and of the window before it with --compare. */
export interface StatsView {
  title: string;
  /** Window length in days: rates are per day from 2 days up, per hour below. */
  days: number;
  groups: GroupStats[];
  previous?: GroupStats[];
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;
const count = (n: number): string => n.toLocaleString('en-US');

export function formatRate(g: Pick<GroupStats, 'ratePerDay' | 'ratePerHour'>, days: number): string {
  const [value, unit] = days >= 2 ? [g.ratePerDay, 'day'] : [g.ratePerHour, 'h'];
  return `${value >= 10 ? value.toFixed(0) : value >= 0.1 || value === 0 ? value.toFixed(1) : value.toFixed(2)}/${unit}`;
}

/** `+8%`, `−27%` (a real minus sign), `±0%`; '' when there is nothing to compare to. */
export function formatChange(ratio: number | null): string {
  if (ratio === null) return '';
  const rounded = Math.round(ratio * 100);
  return rounded === 0 ? '±0%' : `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

/** A change of a rate in percentage points: `+1.3 pp`, `−0.4 pp`, `±0.0 pp`. */
export function formatPoints(delta: number): string {
  const text = (Math.abs(delta) * 100).toFixed(1);
  return text === '0.0' ? '±0.0 pp' : `${delta > 0 ? '+' : '−'}${text} pp`;
}

const cpu = (g: GroupStats | undefined): string => formatCpu(g?.cpuSecondsPerRun);

export function renderStats(view: StatsView, palette: Palette): string {
  if (view.groups.length === 0 && !view.previous?.length) return `${view.title}\n\nNo spans in this period.`;
  return view.previous ? renderComparison(view, view.previous, palette) : renderTable(view, palette);
}

function renderTable(view: StatsView, palette: Palette): string {
  const keyWidth = Math.min(40, Math.max(8, ...view.groups.map((g) => [...g.key].length)));
  const head = `${fit('GROUP', keyWidth)} ${'RUNS'.padStart(8)} ${'RATE'.padStart(10)} ${'P50'.padStart(7)} ${'P90'.padStart(7)} ${'P99'.padStart(7)} ${'MAX'.padStart(7)} ${'ERRORS'.padStart(7)} ${'CPU/RUN'.padStart(8)}`;
  const lines = view.groups.map((g) => {
    const errors = percent(g.errorRate).padStart(7);
    return (
      [
        fit(g.key, keyWidth),
        count(g.count).padStart(8),
        formatRate(g, view.days).padStart(10),
        formatDuration(g.p50Us).padStart(7),
        formatDuration(g.p90Us).padStart(7),
        formatDuration(g.p99Us).padStart(7),
        formatDuration(g.maxUs).padStart(7),
        g.errors > 0 ? palette.red(errors) : errors,
        cpu(g).padStart(8),
      ].join(' ') + (g.open > 0 ? palette.dim(` (+${g.open} open)`) : '')
    );
  });
  return [view.title, '', palette.bold(head), ...lines].join('\n');
}

/** A figure of the comparison: its heading, how it reads, and how its change reads (a relative change, or points for a rate). */
interface ComparedFigure {
  head: string;
  value: (g: GroupStats | undefined) => string;
  delta: (was: GroupStats | undefined, now: GroupStats | undefined) => string;
  /** Whether a rise is bad news (painted red); a rise in runs is neither. */
  riseIsWorse: boolean;
}

const duration = (field: 'p50Us' | 'p90Us'): ComparedFigure => ({
  head: field.slice(0, 3).toUpperCase(),
  value: (g) => (g ? formatDuration(g[field]) : '—'),
  delta: (was, now) => formatChange(change(was?.[field], now?.[field])),
  riseIsWorse: true,
});

const FIGURES: readonly ComparedFigure[] = [
  { head: 'RUNS', value: (g) => (g ? count(g.count) : '—'), delta: (was, now) => formatChange(change(was?.count, now?.count)), riseIsWorse: false },
  duration('p50Us'),
  duration('p90Us'),
  { head: 'ERRORS', value: (g) => (g ? percent(g.errorRate) : '—'), delta: (was, now) => (was && now ? formatPoints(now.errorRate - was.errorRate) : ''), riseIsWorse: true },
  { head: 'CPU/RUN', value: cpu, delta: (was, now) => formatChange(change(was?.cpuSecondsPerRun, now?.cpuSecondsPerRun)), riseIsWorse: true },
];

const SUBHEADS = ['was', 'now', 'Δ'] as const;
const width = (texts: readonly string[]): number => Math.max(...texts.map((t) => [...t].length));

/**
 * One row per group, as benchstat and hyperfine set a result beside its
 * baseline: for each figure the previous period's value, this period's, and
 * the change (red where it got worse), in columns as wide as their widest
 * value. A group seen in only one period shows — for the other. P99 and max
 * stay in the plain table and in --json, so the row fits a terminal.
 */
function renderComparison(view: StatsView, previous: GroupStats[], palette: Palette): string {
  const before = new Map(previous.map((g) => [g.key, g]));
  const keys = [...view.groups.map((g) => g.key), ...previous.map((g) => g.key).filter((k) => !view.groups.some((g) => g.key === k))];
  const keyWidth = Math.min(40, Math.max(8, ...keys.map((k) => [...k].length)));
  const pairs = keys.map((key) => [before.get(key), view.groups.find((g) => g.key === key)] as const);
  const columns = FIGURES.map((figure) => {
    const cells = pairs.map(([was, now]) => [figure.value(was), figure.value(now), figure.delta(was, now)] as const);
    const widths = SUBHEADS.map((head, i) => width([head, ...cells.map((c) => c[i]!)]));
    return { figure, cells, widths, span: widths[0]! + widths[1]! + widths[2]! + 2 };
  });
  const heads = [' '.repeat(keyWidth), ...columns.map((c) => fit(c.figure.head, c.span))].join('   ');
  const subheads = [fit('GROUP', keyWidth), ...columns.map((c) => SUBHEADS.map((h, i) => h.padStart(c.widths[i]!)).join(' '))].join('   ');
  const rows = keys.map((key, row) => {
    const cells = columns.map(({ figure, cells, widths }) => {
      const [was, now, delta] = cells[row]!;
      const padded = delta.padStart(widths[2]!);
      const painted = delta === '' ? padded : figure.riseIsWorse && delta.startsWith('+') ? palette.red(padded) : palette.cyan(padded);
      return `${was.padStart(widths[0]!)} ${now.padStart(widths[1]!)} ${painted}`;
    });
    return [fit(key, keyWidth), ...cells].join('   ').trimEnd();
  });
  return [view.title, '', palette.bold(heads.trimEnd()), palette.bold(subheads), ...rows].join('\n');
}
