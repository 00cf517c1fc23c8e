/**
 * Exact percentiles by the nearest-rank method: the p-th percentile of n
 * sorted values is the value at rank ⌈p/100 · n⌉ (1-based). Every answer is a
 * duration that really occurred, never an interpolation; p100 is the max.
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sorted[rank - 1]!;
}

/** A sorted copy, in a typed array (numeric sort, no comparator calls). */
export const sortedCopy = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();
