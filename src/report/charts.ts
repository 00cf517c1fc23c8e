import type { SeriesPoint } from '../stats/series.ts';
import { formatDuration } from '../view/format.ts';
import { escapeHtml } from './escape.ts';

/** Inline SVG charts, drawn from data alone (no script, no fonts to fetch). */
const W = 420;
const H = 170;
const PAD = { left: 52, right: 12, top: 14, bottom: 28 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

const svg = (label: string, body: string): string => `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">${body}</svg>`;
const text = (x: number, y: number, content: string, cls = 'axis', anchor = 'middle'): string =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" class="${cls}" text-anchor="${anchor}">${escapeHtml(content)}</text>`;

/**
 * Latency histogram: log-spaced bins when durations span more than 20×,
 * else linear; p50 and p90 marked.
 */
export function histogram(durations: ArrayLike<number>, p50: number, p90: number, label: string): string {
  if (durations.length === 0) return svg(label, text(W / 2, H / 2, 'no ended runs'));
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < durations.length; i++) {
    min = Math.min(min, durations[i]!);
    max = Math.max(max, durations[i]!);
  }
  const lo = Math.max(1, min);
  const hi = Math.max(lo * 1.001, max);
  const log = hi / lo > 20;
  const bins = 24;
  const pos = (v: number) => (log ? Math.log(Math.max(v, lo) / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < durations.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor(pos(durations[i]!) * bins)))]! += 1;
  const peak = Math.max(...counts);
  const edge = (i: number) => (log ? lo * (hi / lo) ** (i / bins) : lo + ((hi - lo) * i) / bins);
  const bw = plotW / bins;
  const bars = counts
    .map((c, i) => {
      const h = (c / peak) * plotH;
      const tip = `${c} run${c === 1 ? '' : 's'} from ${formatDuration(edge(i))} to ${formatDuration(edge(i + 1))}`;
      return `<rect class="bar" x="${(PAD.left + i * bw + 1).toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeHtml(tip)}</title></rect>`;
    })
    .join('');
  const marker = (v: number, name: string, row: number) => {
    const x = PAD.left + pos(v) * plotW;
    return `<line class="marker" x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + plotH}"/>${text(x + 3, PAD.top + 8 + row * 12, `${name} ${formatDuration(v)}`, 'mark', 'start')}`;
  };
  const axis = `<line class="baseline" x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`;
  const labels = [
    text(PAD.left, H - 8, formatDuration(lo), 'axis', 'start'),
    text(W - PAD.right, H - 8, formatDuration(hi), 'axis', 'end'),
    text(PAD.left - 6, PAD.top + 8, String(peak), 'axis', 'end'),
    text(W / 2, H - 8, log ? 'duration (log scale)' : 'duration'),
  ];
  return svg(label, bars + axis + marker(p50, 'p50', 0) + marker(p90, 'p90', 1) + labels.join(''));
}

/**
 * Duration over time: p50 (solid) and p90 (dashed) per bucket; a bucket whose
 * error rate is at least twice the period's is a red dot.
 */
export function overTime(points: readonly SeriesPoint[], fromUs: number, toUs: number, errorRate: number, label: string): string {
  if (points.length === 0) return svg(label, text(W / 2, H / 2, 'no ended runs'));
  const top = Math.max(1, ...points.map((p) => p.p90Us)) * 1.1;
  const span = Math.max(1, toUs - fromUs);
  const x = (us: number) => PAD.left + Math.min(1, Math.max(0, (us - fromUs) / span)) * plotW;
  const y = (us: number) => PAD.top + plotH - (us / top) * plotH;
  const line = (pick: (p: SeriesPoint) => number, cls: string) => `<polyline class="${cls}" points="${points.map((p) => `${x(p.startUs).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ')}"/>`;
  const dots = points
    .map((p) => {
      const tip = `${new Date(p.startUs / 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC: ${p.count} runs, p50 ${formatDuration(p.p50Us)}, p90 ${formatDuration(p.p90Us)}${p.errors ? `, ${p.errors} failed` : ''}`;
      const bad = p.errors > 0 && p.errors / p.count >= 2 * errorRate;
      return `<circle class="${bad ? 'dot err' : 'dot'}" cx="${x(p.startUs).toFixed(1)}" cy="${y(p.p50Us).toFixed(1)}" r="${bad ? 2.8 : 1.8}"><title>${escapeHtml(tip)}</title></circle>`;
    })
    .join('');
  const grid = [0, 0.5, 1]
    .map(
      (f) =>
        `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(top * f).toFixed(1)}" y2="${y(top * f).toFixed(1)}"/>${text(PAD.left - 6, y(top * f) + 3, formatDuration(top * f), 'axis', 'end')}`,
    )
    .join('');
  const day = (us: number) => new Date(us / 1000).toISOString().slice(0, 10);
  const labels = text(PAD.left, H - 8, day(fromUs), 'axis', 'start') + text(W - PAD.right, H - 8, day(toUs), 'axis', 'end');
  const legend = `${text(W / 2 - 30, H - 8, '— p50', 'legend')}${text(W / 2 + 30, H - 8, '- - p90', 'legend p90t')}`;
  return svg(label, grid + line((p) => p.p90Us, 'p90') + line((p) => p.p50Us, 'p50') + dots + labels + legend);
}
