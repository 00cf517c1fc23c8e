/**
 * Durations as people write them on a command line: `30d`, `12h`, `90m`,
 * `2w`, `45s`. Pure; the CLI turns the thrown message into a usage error.
 */
const UNIT_US: Record<string, number> = {
  s: 1e6,
  m: 60e6,
  h: 3_600e6,
  d: 86_400e6,
  w: 7 * 86_400e6,
};

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: write a number and a unit, e.g. 30d, 12h, 90m (units: s m h d w)`);
  const us = Number(match[1]) * UNIT_US[match[2]!]!;
  if (!(us > 0)) throw new Error(`"${text}" is not a duration: it must be more than zero`);
  return us;
}

/** `--since`: a duration, or `all` for the whole store (Infinity). */
export function parseSince(text: string): number {
  return text.trim() === 'all' ? Number.POSITIVE_INFINITY : parseDuration(text);
}

/** The window [fromUs, toUs) ending now, and the one of equal length before it. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export function windowsOf(sinceUs: number, nowUs: number): { current: Window; previous: Window } {
  const fromUs = Number.isFinite(sinceUs) ? nowUs - sinceUs : 0;
  return { current: { fromUs, toUs: nowUs }, previous: { fromUs: fromUs - (nowUs - fromUs), toUs: fromUs } };
}
