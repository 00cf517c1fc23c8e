import { expect, test } from 'vitest';
import { attemptTimeoutMs, MIN_ATTEMPT_MS } from '../../src/export/exporter.ts';

test("an attempt's timeout: the configured one cut to the time left, never under the minimum unless configured so", () => {
  expect(attemptTimeoutMs(10_000, 60_000)).toBe(10_000);
  expect(attemptTimeoutMs(10_000, 2_999.6)).toBe(2_999);
  expect(attemptTimeoutMs(10_000, -5_000)).toBe(MIN_ATTEMPT_MS);
  expect(attemptTimeoutMs(300, -5_000)).toBe(300);
});
