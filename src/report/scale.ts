/**
 * Axes for durations: ticks at round values a person would pick (2s, 5m,
 * 500ms), labels that say them briefly, and a domain that starts at zero
 * only when zero is near the data (a flat 3m20s line is drawn between 3m and
 * 3m30s, not squashed at the top of a 0–4m axis).
 */

/** Round durations, µs: 1-2-5 below a second, then the clock's own steps. */
const STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 10e3, 20e3, 50e3, 100e3, 200e3, 500e3, 1e6, 2e6, 5e6, 10e6, 15e6, 30e6, 60e6, 120e6, 300e6, 600e6, 900e6, 1800e6, 3600e6, 7200e6, 10800e6, 21600e6,
  43200e6, 86400e6, 172800e6, 604800e6,
];

export interface Domain {
  lo: number;
  hi: number;
  ticks: number[];
}

/**
 * A linear axis over [min, max] (±10 % when they are all but equal): from 0
 * when the data's low end is under 40 % of its high end, else from a round
 * value below it; at most `most` steps, at least one.
 */
export function durationDomain(min: number, max: number, most = 4): Domain {
  // a flat line gets room around it: an axis from 3m20s to 3m20s says nothing
  const flat = Math.abs(max - min) < Math.max(1, Math.abs(max)) * 0.02;
  const top = Math.max(flat ? max * 1.1 : max, min, 1);
  const bottom = Math.max(0, flat ? Math.min(min, max) * 0.9 : Math.min(min, max));
  const fromZero = bottom < 0.4 * top;
  for (const step of STEPS) {
    const lo = fromZero ? 0 : Math.floor(bottom / step) * step;
    let hi = Math.ceil(top / step) * step;
    if (hi <= lo) hi = lo + step;
    if ((hi - lo) / step <= most) return { lo, hi, ticks: range(lo, hi, step) };
  }
  const step = STEPS.at(-1)!;
  const hi = Math.ceil(top / step) * step;
  return { lo: 0, hi, ticks: range(0, hi, Math.ceil(hi / step / most) * step) };
}

const range = (lo: number, hi: number, step: number): number[] => Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);

/** Decades, and the clock's own round values past a minute. */
const DECADES = [1, 10, 100, 1e3, 10e3, 100e3, 1e6, 10e6, 60e6, 600e6, 3600e6, 36000e6, 86400e6, 864000e6];

/** Round values inside [lo, hi] for a log axis: 1-2-5 per decade when few enough, else decades, thinned to at most `most`. */
export function logTicks(lo: number, hi: number, most = 5): number[] {
  const fine = STEPS.filter((v) => v >= lo && v <= hi);
  if (fine.length <= most) return fine;
  const inside = DECADES.filter((v) => v >= lo && v <= hi);
  for (let every = 1; ; every++) {
    const kept = inside.filter((_, i) => i % every === 0);
    if (kept.length <= most) return kept;
  }
}

/** A tick's label: `0`, `500µs`, `20ms`, `1.5s`, `30s`, `5m`, `2m30s`, `6h`. */
export function tickLabel(us: number): string {
  if (us === 0) return '0';
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1e6) return `${trim(us / 1e3)}ms`;
  if (us < 60e6) return `${trim(us / 1e6)}s`;
  const s = Math.round(us / 1e6);
  if (s < 3600) return s % 60 === 0 ? `${s / 60}m` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return m % 60 === 0 ? `${m / 60}h` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

const trim = (n: number): string => String(Number(n.toFixed(n < 10 ? 2 : 1)));
