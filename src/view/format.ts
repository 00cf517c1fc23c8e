/** Durations the way people read them: 850µs, 12ms, 3.4s, 4m12s, 2h05m. */
export function formatDuration(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return '—';
  if (us < 1000) return `${Math.round(us)}µs`;
  const ms = us / 1000;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)}s`;
  const totalSeconds = Math.round(s);
  const m = Math.floor(totalSeconds / 60);
  if (m < 60) return `${m}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * CPU seconds per run at the precision the system measured: Linux counts a
 * child's CPU in clock ticks of 10 ms (USER_HZ), so a mean under one tick
 * reads `<10ms`, never a made-up `0µs`; `—` where it was not measured.
 */
export function formatCpu(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  return seconds < 0.01 ? '<10ms' : formatDuration(seconds * 1e6);
}

/** Local time, second precision: `2026-11-24 22:14:05`. */
export function formatLocalTime(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Text from the store as a terminal may show it: control characters (C0, DEL,
 * C1 — ESC and BEL among them, which would let a span name retitle or repaint
 * the terminal), line and paragraph separators and bidirectional overrides
 * written as visible escapes (`\x1B`, `\u202E`). Spans come from other
 * tools too; nothing stored may drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`;
  });
}

/** Pads or cuts to a display width (one column per code point is good enough for names and tags), made printable first. */
export function fit(text: string, width: number): string {
  const shown = printable(text);
  const chars = [...shown];
  if (chars.length <= width) return shown + ' '.repeat(width - chars.length);
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

export interface Palette {
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
export const COLORS: Palette = { red: wrap(31, 39), dim: wrap(2, 22), bold: wrap(1, 22), cyan: wrap(36, 39) };
export const PLAIN: Palette = { red: (t) => t, dim: (t) => t, bold: (t) => t, cyan: (t) => t };

/** Colors only for a terminal, and never when NO_COLOR is set (no-color.org). */
export function choosePalette(isTTY: boolean, env: Record<string, string | undefined>): Palette {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb' ? COLORS : PLAIN;
}
