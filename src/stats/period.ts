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

/**
 * 100 years: longer than any store is kept, and short enough that every date
 * a period reaches (twice as far back with --compare) stays one a Date can
 * show — an absurd length would otherwise surface as "Invalid time value" or NaN.
 */
const MAX_DAYS = 36_500;

/** `orElse` completes the message for a duration that is too long (`--since` offers `all`). */
export function parseDuration(text: string, orElse = ''): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: write a number and a unit, e.g. 30d, 12h, 90m (units: s m h d w)`);
  const us = Number(match[1]) * UNIT_US[match[2]!]!;
  if (!(us > 0)) throw new Error(`"${text}" is not a duration: it must be more than zero`);
  if (us > MAX_DAYS * UNIT_US.d!) throw new Error(`"${text}" is too long: at most ${MAX_DAYS}d (100 years)${orElse}`);
  return us;
}

/** A duration as it could have been written: in the largest unit it is a whole number of (`7d`, `90m`), weeks aside. */
export function formatPeriod(us: number): string {
  const unit = (['d', 'h', 'm'] as const).find((u) => Number.isInteger(us / UNIT_US[u]!)) ?? 's';
  return `${us / UNIT_US[unit]!}${unit}`;
}

/** `--since`: a duration, or `all` for the whole store (Infinity). */
export function parseSince(text: string): number {
  return text.trim() === 'all' ? Number.POSITIVE_INFINITY : parseDuration(text, ', or all for the whole store');
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
