import { describe, expect, it } from 'vitest';
import { durationDomain, logTicks, tickLabel } from '../../src/report/scale.ts';

const S = 1e6;

describe('report axes', () => {
  it('start at zero only when zero is near the data; otherwise at a round value below it', () => {
    expect(durationDomain(2 * S, 104 * S)).toEqual({ lo: 0, hi: 120 * S, ticks: [0, 30 * S, 60 * S, 90 * S, 120 * S] });
    expect(durationDomain(60 * S, 104 * S)).toEqual({ lo: 60 * S, hi: 105 * S, ticks: [60 * S, 75 * S, 90 * S, 105 * S] });
    expect(durationDomain(45 * S, 50 * S).ticks.map(tickLabel)).toEqual(['44s', '46s', '48s', '50s']);
  });

  it('give a flat line room: never one value at both ends', () => {
    const flat = durationDomain(200 * S, 200 * S);
    expect(flat.ticks.map(tickLabel)).toEqual(['3m', '3m15s', '3m30s', '3m45s']);
    expect(new Set(flat.ticks.map(tickLabel)).size).toBe(flat.ticks.length);
    expect(durationDomain(0, 0).ticks.length).toBeGreaterThan(1);
  });

  it('put log ticks on round values inside the range, thinned', () => {
    expect(logTicks(8_000, 130 * S).map(tickLabel)).toEqual(['10ms', '100ms', '1s', '10s', '1m']);
    expect(logTicks(1.5 * S, 9 * S).map(tickLabel)).toEqual(['2s', '5s']);
  });

  it('label ticks briefly', () => {
    expect([0, 500, 20e3, 1.5 * S, 30 * S, 300 * S, 150 * S, 6 * 3600 * S, 5400 * S].map(tickLabel)).toEqual(['0', '500µs', '20ms', '1.5s', '30s', '5m', '2m30s', '6h', '1h30m']);
  });
});
