/** Option-value parsers shared by the command definitions (commander calls them; a throw is a usage error). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`"${value}" is not a positive whole number`);
  return n;
};

/** `30d`, `12h`, `90m`: microseconds. */
export { parseDuration as duration, parseSince as since } from '../../stats/period.ts';
