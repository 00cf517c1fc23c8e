import { quote } from '../../../src/errors.ts';

/**
 * Plain assertions for property bodies: vitest's expect is too slow to run
 * 10^5 times a property. A failure throws, and fast-check shrinks and reports it.
 */
export function must(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`property violated: ${what}`);
}

export function mustEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`property violated: ${what}: got ${a}, expected ${e}`);
}

/**
 * The shape every rejection must have: a non-empty single line (no CR, LF,
 * NEL or Unicode line/paragraph separator) that names what was rejected —
 * the input itself (as `quote` shows it) or the variable it came from.
 */
export function mustBeClearRejection(message: string, names: string): void {
  must(message.length > 0, 'a rejection has a message');
  must(!/[\r\n\u0085\u2028\u2029]/.test(message), `a rejection is one line: ${JSON.stringify(message)}`);
  must(message.includes(names), `the rejection ${JSON.stringify(message)} names ${JSON.stringify(names)}`);
}

export const shown = quote;
