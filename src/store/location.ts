import { join } from 'node:path';
import { describe } from '../errors.ts';
import type { Env } from '../trace/carrier.ts';
import { os } from '../system/deferred.ts';

/** `$VSTRACE_HOME`, else `$XDG_DATA_HOME/vstrace`, else `~/.local/share/vstrace`. */
export function storeHome(env: Env): string {
  if (env.VSTRACE_HOME) return env.VSTRACE_HOME;
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'vstrace');
  return join(env.HOME || os().homedir(), '.local', 'share', 'vstrace');
}

/** The ledgers of make groups (context/make-group.ts): one per make whose recipe lines run through vstrace-sh. */
export const MAKE_DIR = 'make';

/** Finished spans live in one OTLP/JSON-lines segment per UTC day: cheap to prune, cheap to scan by time. */
export const TRACES_DIR = 'traces';
export const SEGMENT = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * The UTC day of a time in µs, `YYYY-MM-DD`, as `toISOString()` begins — read
 * from the date's fields: the first `toISOString()` of a process costs
 * ~0.3 ms, and every run names its segment with this. Outside years
 * 0–9999 (and for an invalid time) it is toISOString's own answer.
 */
export function utcDay(timeUs: number): string {
  const date = new Date(Math.floor(timeUs / 1000));
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString().slice(0, 10);
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

export const segmentName = (timeUs: number): string => `${utcDay(timeUs)}.jsonl`;

export const segmentPath = (home: string, timeUs: number): string => join(home, TRACES_DIR, segmentName(timeUs));

/** Why a span could not be recorded, with the fix said once (the store's own checks may already name it). */
export function recordProblem(error: unknown): string {
  const why = describe(error);
  return `could not record the span: ${why}${why.includes('VSTRACE_HOME') ? '' : ' (set VSTRACE_HOME to a writable directory)'}`;
}
