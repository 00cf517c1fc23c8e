import { describe, expect, it } from 'vitest';
import { segmentName, utcDay } from '../../src/store/location.ts';

// utcDay stands in for toISOString().slice(0, 10) on the run path: it must agree with it everywhere.
const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString().slice(0, 10);

describe('utcDay', () => {
  it('agrees with toISOString at the edges of days, months, leap years and the epoch', () => {
    const edges = [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2024-02-29T23:59:59.999Z',
      '2024-03-01T00:00:00.000Z',
      '2000-12-31T23:59:59.999Z',
      '0000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '0099-06-15T12:00:00.000Z',
    ];
    for (const edge of edges) {
      const us = Date.parse(edge) * 1000;
      expect(utcDay(us)).toBe(edge.slice(0, 10));
      expect(utcDay(us + 999)).toBe(iso(us + 999));
    }
  });

  it('agrees with toISOString on 10,000 times spread over years 0 to 9999', () => {
    const from = Date.parse('0000-01-01T00:00:00Z') * 1000;
    const to = Date.parse('9999-12-31T23:59:59Z') * 1000;
    let seed = 7;
    for (let i = 0; i < 10_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const us = from + Math.floor((seed / 2 ** 31) * (to - from));
      expect(utcDay(us)).toBe(iso(us));
    }
  });

  it('gives toISOString’s own answer outside years 0 to 9999, and its error for an invalid time', () => {
    const far = Date.parse('+010000-01-01T00:00:00Z') * 1000;
    expect(utcDay(far)).toBe('+010000-01');
    expect(() => utcDay(Number.NaN)).toThrow(RangeError);
    expect(segmentName(Date.parse('2026-12-03T10:00:00Z') * 1000)).toBe('2026-12-03.jsonl');
  });
});
