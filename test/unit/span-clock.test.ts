import { describe, expect, test, vi } from 'vitest';

/** nowUs() as a fresh process sees it: the module loaded anew, so this is its first call. */
async function firstCallUs(): Promise<number> {
  vi.resetModules();
  const { nowUs } = await import('../../src/system/clock.ts');
  return nowUs();
}

describe('nowUs: the wall clock in microseconds', () => {
  test('the first time a process takes (a span start) has microsecond resolution, not whole milliseconds', async () => {
    const firsts: number[] = [];
    for (let i = 0; i < 50; i++) firsts.push(await firstCallUs());
    expect(firsts.every(Number.isInteger)).toBe(true);
    // Each is a multiple of 1000 by chance one time in 1000; all 50 only when the epoch was whole milliseconds.
    expect(firsts.filter((us) => us % 1000 !== 0).length).toBeGreaterThan(0);
  });

  test('monotonic, integer, and on the wall clock', async () => {
    const { nowUs } = await import('../../src/system/clock.ts');
    const times = Array.from({ length: 10_000 }, () => nowUs());
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    // The wall clock, not a time since the process started.
    expect(Math.abs(times.at(-1)! / 1000 - Date.now())).toBeLessThan(60_000);
  });
});
