import { percentiles } from './percentile.ts';
import type { SpanSample } from './golden.ts';

/** One time bucket of one group: how many ended, how long they took (exact p50/p90), how many failed. */
export interface SeriesPoint {
  startUs: number;
  count: number;
  p50Us: number;
  p90Us: number;
  errors: number;
}

/**
 * Durations over time per group, bucketed by start time into fixed buckets
 * (a day, or an hour for short windows) from `originUs`. Pure.
 */
export class SeriesAccumulator {
  private readonly groups = new Map<string, Map<number, { durations: number[]; errors: number }>>();
  constructor(
    readonly originUs: number,
    readonly bucketUs: number,
  ) {}

  add(key: string, s: SpanSample): void {
    if (s.durationUs < 0) return;
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = new Map()));
    const bucket = Math.floor((s.startUs - this.originUs) / this.bucketUs);
    let b = group.get(bucket);
    if (!b) group.set(bucket, (b = { durations: [], errors: 0 }));
    b.durations.push(s.durationUs);
    if (s.error) b.errors += 1;
  }

  finish(key: string): SeriesPoint[] {
    const group = this.groups.get(key);
    if (!group) return [];
    return [...group]
      .sort((a, b) => a[0] - b[0])
      .map(([bucket, b]) => {
        const [p50Us, p90Us] = percentiles(new Float64Array(b.durations), [50, 90]) as [number, number];
        return { startUs: this.originUs + bucket * this.bucketUs, count: b.durations.length, p50Us, p90Us, errors: b.errors };
      });
  }
}
