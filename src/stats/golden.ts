import type { Window } from './period.ts';
import { percentiles } from './percentile.ts';

/**
 * The golden signals per group: traffic (count and rate), latency
 * (p50/p90/p99/max, exact), errors (rate) and saturation (CPU seconds per
 * run). Pure: samples go in, numbers come out.
 */
export interface GroupStats {
  key: string;
  /** Ended spans that started in the window. */
  count: number;
  ratePerDay: number;
  ratePerHour: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  errors: number;
  /** errors / count, 0…1. */
  errorRate: number;
  /** Mean of user+system CPU over the runs that recorded it; null when none did. */
  cpuSecondsPerRun: number | null;
  /** Spans still open (not in latency or error rate). */
  open: number;
  /** Durations, for histograms (µs, in no particular order). */
  durations: Float64Array;
}

/** What statistics read of one span (the index scan's rows have this shape). */
export interface SpanSample {
  startUs: number;
  /** Negative while the span is open. */
  durationUs: number;
  error: boolean;
  /** NaN when not recorded. */
  cpuSeconds: number;
}

interface Acc {
  durations: number[];
  errors: number;
  cpuSum: number;
  cpuRuns: number;
  open: number;
}

export class GoldenAccumulator {
  private readonly groups = new Map<string, Acc>();

  private acc(key: string): Acc {
    let acc = this.groups.get(key);
    if (!acc) this.groups.set(key, (acc = { durations: [], errors: 0, cpuSum: 0, cpuRuns: 0, open: 0 }));
    return acc;
  }

  add(key: string, { durationUs, error, cpuSeconds }: SpanSample): void {
    const acc = this.acc(key);
    if (durationUs < 0) {
      acc.open += 1;
      return;
    }
    acc.durations.push(durationUs);
    if (error) acc.errors += 1;
    if (!Number.isNaN(cpuSeconds)) {
      acc.cpuSum += cpuSeconds;
      acc.cpuRuns += 1;
    }
  }

  /** Groups by count, most first (ties by key). */
  finish(window: Window): GroupStats[] {
    const days = Math.max(1e-9, (window.toUs - window.fromUs) / 86_400e6);
    return [...this.groups]
      .map(([key, acc]) => {
        const durations = new Float64Array(acc.durations);
        const count = durations.length;
        const [p50Us, p90Us, p99Us, maxUs] = percentiles(durations, [50, 90, 99, 100]) as [number, number, number, number];
        return {
          key,
          count,
          ratePerDay: count / days,
          ratePerHour: count / days / 24,
          p50Us,
          p90Us,
          p99Us,
          maxUs,
          errors: acc.errors,
          errorRate: count === 0 ? 0 : acc.errors / count,
          cpuSecondsPerRun: acc.cpuRuns === 0 ? null : acc.cpuSum / acc.cpuRuns,
          open: acc.open,
          durations,
        };
      })
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  }
}

/** Relative change from `before` to `now` (0.27 = +27%); null when there is nothing to compare to. */
export function change(before: number | null | undefined, now: number | null | undefined): number | null {
  if (before === null || before === undefined || now === null || now === undefined) return null;
  if (!Number.isFinite(before) || !Number.isFinite(now) || before === 0) return null;
  return (now - before) / before;
}
