import { InvalidArgumentError, Option } from 'commander';
import { parseDuration, parseSince } from '../stats/period.ts';
import { parseTagFilter } from '../trace/filter.ts';

/**
 * Option-value parsers shared by the command definitions. commander turns an
 * InvalidArgumentError into a usage error ("option '--since <age>' argument
 * '3x' is invalid. …", exit 2); any other throw would be an internal error.
 */
export const asOptionParser =
  <T>(parse: (value: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * An option's value that is really missing: `run --service -- echo hi` would
 * otherwise name the service `--`. The next word was taken as the value only
 * because one was required.
 */
export const givenValue = (flag: string, placeholder: string) =>
  asOptionParser((value: string): string => {
    if (value === '--') throw new Error(`${flag} needs a value before --: ${flag} ${placeholder} -- <command>`);
    return value;
  });

/** A repeatable `--tag`, whose empty default --help shows as "none" rather than `[]`. */
export const tagOption = (help: string): Option => new Option('--tag <key=value>', help).argParser(collect).default([], 'none');

const wholeNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`"${value}" is not a positive whole number`);
  return n;
};

export const positiveInt = asOptionParser(wholeNumber);

/** Wider than any terminal; a waterfall is width × rows characters, so an absurd width would not fit in a string. */
const MAX_COLUMNS = 1000;

/** `--width`: a number of columns a terminal (or a file) can hold. */
export const columns = asOptionParser((value: string): number => {
  const n = wholeNumber(value);
  if (n > MAX_COLUMNS) throw new Error(`"${value}" is too wide: at most ${MAX_COLUMNS} columns`);
  return n;
});

/** `30d`, `12h`, `90m`: microseconds. */
export const duration = asOptionParser(parseDuration);
/** A duration, or `all` (Infinity). */
export const since = asOptionParser(parseSince);

/** `--since` with the 30-day default, shown in --help as a user writes it (30d), not in microseconds. */
export const sinceOption = (): Option => new Option('--since <age>', 'the period: 30d, 12h, 90m, or all').argParser(since).default(30 * 86_400e6, '30d');

/** A repeatable `--tag key=value` filter (ls, tail). */
export const tagFilter = (value: string, previous: Array<[string, string]> = []): Array<[string, string]> => [...previous, asOptionParser(parseTagFilter)(value)];
