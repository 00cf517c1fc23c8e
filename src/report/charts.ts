import type { SeriesPoint } from '../stats/series.ts';
import { formatDuration } from '../view/format.ts';
import { escapeHtml } from './escape.ts';
import { durationDomain, logTicks, tickLabel } from './scale.ts';
import { plural } from '../plural.ts';

/**
 * Inline SVG charts, drawn from data alone (no script, no fonts to fetch).
 * Drawn at the size they are shown (the page keeps them near it), so 11px
 * text is 11px. Labels sit in bands of their own: marker labels and legends
 * above the plot, ticks below and left of it, so none can touch a bar; each
 * is kept inside the chart by its estimated width.
 */
const W = 300;
const H = 200;
const PAD = { left: 58, right: 12, top: 36, bottom: 40 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;
const BOTTOM = PAD.top + plotH;
/**
 * A label's width at 11px, from the advances of DejaVu Sans (the widest of
 * the usual system-ui fonts) with a margin for bold: labels are placed with
 * it, so a real one is no wider.
 */
const FONT_PX = 11 * 1.08;
const advance = (c: string) => (/[ .,:;'|il!-]/.test(c) ? 0.36 : /[mwMW]/.test(c) ? 1.0 : /[A-Z]/.test(c) ? 0.76 : 0.66);
const ROW1 = 13;
const ROW2 = 27;

const svg = (label: string, body: string): string => `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(label)}">${body}</svg>`;
const textWidth = (content: string) => [...content].reduce((w, c) => w + advance(c) * FONT_PX, 0);

/** Text with its anchor moved so that its estimated box stays inside the chart. */
function text(x: number, y: number, content: string, cls = 'axis', anchor: 'start' | 'middle' | 'end' = 'middle'): string {
  const w = textWidth(content);
  const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  const shift = Math.max(2 - left, 0) - Math.max(left + w - (W - 2), 0);
  return `<text x="${(x + shift).toFixed(1)}" y="${y.toFixed(1)}" class="${cls}" text-anchor="${anchor}">${escapeHtml(content)}</text>`;
}
const hline = (cls: string, y: number) => `<line class="${cls}" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}"/>`;
const yTitle = (content: string) => `<text class="axis title" transform="translate(10 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(content)}</text>`;
const xTitle = (content: string) => text(PAD.left + plotW / 2, H - 6, content, 'axis title');
const message = (label: string, lines: string[]) => svg(label, lines.map((line, i) => text(W / 2, H / 2 - ((lines.length - 1) * 16) / 2 + i * 16, line, i === 0 ? 'empty strong' : 'empty')).join(''));

/**
 * Latency histogram: how many runs took how long. Log-spaced bins when
 * durations span more than 20×, else linear; p50 and p90 marked, their
 * labels in the band above the plot, one row each.
 */
export function histogram(durations: ArrayLike<number>, p50: number, p90: number, label: string): string {
  if (durations.length === 0) return message(label, ['no ended runs']);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < durations.length; i++) {
    min = Math.min(min, durations[i]!);
    max = Math.max(max, durations[i]!);
  }
  const log = Math.max(1, max) / Math.max(1, min) > 20;
  // all runs alike: a window around them, so the one bar stands in the middle of a readable axis
  const flat = max - min < Math.max(1, max) * 0.01;
  const lo = log ? Math.max(1, min) : flat ? Math.max(0, min * 0.8 - 1) : min;
  const hi = log ? Math.max(1, max) : flat ? max * 1.2 + 1 : max;
  const bins = 24;
  const pos = (v: number) => Math.min(1, Math.max(0, log ? Math.log(Math.max(v, lo) / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo)));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < durations.length; i++) counts[Math.min(bins - 1, Math.floor(pos(durations[i]!) * bins))]! += 1;
  const peak = Math.max(...counts);
  const edge = (i: number) => (log ? lo * (hi / lo) ** (i / bins) : lo + ((hi - lo) * i) / bins);
  const bw = plotW / bins;
  const bars = counts
    .map((c, i) => {
      const h = (c / peak) * plotH;
      const tip = `${plural(c, 'run')} from ${formatDuration(edge(i))} to ${formatDuration(edge(i + 1))}`;
      return `<rect class="bar" x="${(PAD.left + i * bw + 1).toFixed(1)}" y="${(BOTTOM - h).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeHtml(tip)}</title></rect>`;
    })
    .join('');
  const xAt = (v: number) => PAD.left + pos(v) * plotW;
  const marker = (v: number, name: string, labelY: number) =>
    `<line class="marker" x1="${xAt(v).toFixed(1)}" x2="${xAt(v).toFixed(1)}" y1="${PAD.top - 5}" y2="${BOTTOM}"/>${text(xAt(v), labelY, `${name} ${formatDuration(v)}`, 'mark', 'middle')}`;
  const xTicks = (log ? logTicks(lo, hi) : durationDomain(lo, hi, 4).ticks.filter((t) => t >= lo && t <= hi))
    .map((t) => `<line class="tick" x1="${xAt(t).toFixed(1)}" x2="${xAt(t).toFixed(1)}" y1="${BOTTOM}" y2="${BOTTOM + 4}"/>${text(xAt(t), BOTTOM + 18, tickLabel(t))}`)
    .join('');
  const yTicks = [...new Set([0, peak >= 4 ? Math.round(peak / 2) : 0, peak])].map((c) => text(PAD.left - 6, BOTTOM - (c / peak) * plotH + 4, c.toLocaleString('en-US'), 'axis', 'end')).join('');
  return svg(
    label,
    bars + hline('baseline', BOTTOM) + marker(p50, 'p50', ROW2) + marker(p90, 'p90', ROW1) + xTicks + yTicks + yTitle('runs') + xTitle(log ? 'duration of a run (log scale)' : 'duration of a run'),
  );
}

/**
 * Duration over time: p50 (solid) and p90 (dashed) per bucket, at the
 * bucket's middle; a bucket whose error rate is at least twice the period's
 * is a red dot. One bucket is no trend: the chart says so and gives its figures.
 */
export function overTime(points: readonly SeriesPoint[], fromUs: number, toUs: number, errorRate: number, label: string, bucket: 'day' | 'hour'): string {
  if (points.length === 0) return message(label, ['no ended runs']);
  if (points.length === 1) {
    const [p] = points as [SeriesPoint];
    return message(label, [
      `one ${bucket} of data`,
      `${p.count.toLocaleString('en-US')} run${p.count === 1 ? '' : 's'} · p50 ${formatDuration(p.p50Us)} · p90 ${formatDuration(p.p90Us)}`,
      `a trend needs runs on two ${bucket}s or more`,
    ]);
  }
  const bucketUs = bucket === 'hour' ? 3_600e6 : 86_400e6;
  const y = durationDomain(Math.min(...points.map((p) => p.p50Us)), Math.max(...points.map((p) => p.p90Us)));
  const span = Math.max(1, toUs - fromUs);
  const x = (us: number) => PAD.left + Math.min(1, Math.max(0, (us - fromUs) / span)) * plotW;
  const mid = (p: SeriesPoint) => x(p.startUs + bucketUs / 2);
  const yAt = (us: number) => BOTTOM - ((us - y.lo) / (y.hi - y.lo)) * plotH;
  const line = (pick: (p: SeriesPoint) => number, cls: string) => `<polyline class="${cls}" points="${points.map((p) => `${mid(p).toFixed(1)},${yAt(pick(p)).toFixed(1)}`).join(' ')}"/>`;
  const dots = points
    .map((p) => {
      const tip = `${new Date(p.startUs / 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC: ${p.count} runs, p50 ${formatDuration(p.p50Us)}, p90 ${formatDuration(p.p90Us)}${p.errors ? `, ${p.errors} failed` : ''}`;
      const bad = p.errors > 0 && p.errors / p.count >= 2 * errorRate;
      return `<circle class="${bad ? 'dot err' : 'dot'}" cx="${mid(p).toFixed(1)}" cy="${yAt(p.p50Us).toFixed(1)}" r="${bad ? 3.2 : 2}"><title>${escapeHtml(tip)}</title></circle>`;
    })
    .join('');
  const grid = y.ticks.map((t) => hline('grid', yAt(t)) + text(PAD.left - 6, yAt(t) + 4, tickLabel(t), 'axis', 'end')).join('');
  const when = (us: number) => (bucket === 'hour' ? new Date(us / 1000).toISOString().slice(11, 16) : new Date(us / 1000).toISOString().slice(5, 10));
  // the first date starts at the axis and the last ends at it: neither reaches under a y label
  const xTicks = text(x(fromUs), BOTTOM + 18, when(fromUs), 'axis', 'start') + text(x(fromUs + span / 2), BOTTOM + 18, when(fromUs + span / 2)) + text(x(toUs), BOTTOM + 18, when(toUs), 'axis', 'end');
  const legend =
    `<line class="p50" x1="${PAD.left}" x2="${PAD.left + 18}" y1="${ROW1 - 4}" y2="${ROW1 - 4}"/>${text(PAD.left + 22, ROW1, 'p50', 'legend', 'start')}` +
    `<line class="p90" x1="${PAD.left + 52}" x2="${PAD.left + 70}" y1="${ROW1 - 4}" y2="${ROW1 - 4}"/>${text(PAD.left + 74, ROW1, 'p90', 'legend', 'start')}` +
    `<circle class="dot err" cx="${PAD.left + 108}" cy="${ROW1 - 4}" r="3.2"/>${text(PAD.left + 115, ROW1, '≥ 2× error rate', 'legend', 'start')}`;
  return svg(label, grid + line((p) => p.p90Us, 'p90') + line((p) => p.p50Us, 'p50') + dots + xTicks + legend + yTitle('duration') + xTitle(`${bucket} (UTC)`));
}
