import { change, type GroupStats } from '../stats/golden.ts';
import { fit, formatDuration, type Palette } from './format.ts';

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

const cpu = (g: GroupStats | undefined): string => (g?.cpuSecondsPerRun == null ? '—' : formatDuration(g.cpuSecondsPerRun * 1e6));

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

function renderComparison(view: StatsView, previous: GroupStats[], palette: Palette): string {
  const before = new Map(previous.map((g) => [g.key, g]));
  const keys = [...view.groups.map((g) => g.key), ...previous.map((g) => g.key).filter((k) => !view.groups.some((g) => g.key === k))];
  const keyWidth = Math.min(40, Math.max(8, ...keys.map((k) => [...k].length)));
  const out = [view.title, ''];
  for (const key of keys) {
    const now = view.groups.find((g) => g.key === key);
    const was = before.get(key);
    const rows: Array<[string, string, string, string]> = [
      ['runs', was ? `${count(was.count)} (${formatRate(was, view.days)})` : '—', now ? `${count(now.count)} (${formatRate(now, view.days)})` : '—', formatChange(change(was?.count, now?.count))],
      ...(['p50', 'p90', 'p99', 'max'] as const).map((p): [string, string, string, string] => {
        const field = `${p}Us` as 'p50Us';
        return [p, formatDuration(was?.[field]), formatDuration(now?.[field]), formatChange(change(was?.[field], now?.[field]))];
      }),
      ['errors', was ? percent(was.errorRate) : '—', now ? percent(now.errorRate) : '—', was && now ? formatPoints(now.errorRate - was.errorRate) : ''],
      ['cpu/run', cpu(was), cpu(now), formatChange(change(was?.cpuSecondsPerRun, now?.cpuSecondsPerRun))],
    ];
    rows.forEach(([metric, a, b, delta], i) => {
      const worse = delta.startsWith('+') && metric !== 'runs';
      const painted = delta === '' ? '' : worse ? palette.red(delta) : palette.cyan(delta);
      out.push(`${fit(i === 0 ? key : '', keyWidth)} ${fit(metric, 7)} ${a.padStart(20)} → ${fit(b, 20)} ${painted}`.trimEnd());
    });
  }
  return out.join('\n');
}
