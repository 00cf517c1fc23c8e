/**
 * Exact percentiles by the nearest-rank method: the p-th percentile of n
 * values is the value at rank ⌈p/100 · n⌉ (1-based) in sorted order. Every
 * answer is a duration that really occurred, never an interpolation; p100 is
 * the max. Found by selection (expected linear time), not a full sort: a
 * million durations take milliseconds.
 */
export function rankOf(n: number, p: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
}

/** Nearest-rank percentiles of `values` (reordered in place), in the order of `ps`. */
export function percentiles(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  const wanted = [...new Set(ps.map((p) => rankOf(n, p) - 1))].sort((a, b) => a - b);
  const found = new Map<number, number>();
  let lo = 0;
  for (const k of wanted) {
    found.set(k, select(values, k, lo, n - 1));
    lo = k; // everything before k is ≤ values[k]: the next rank is at or after it
  }
  return ps.map((p) => found.get(rankOf(n, p) - 1)!);
}

/** The value of rank k (0-based) within a[lo..hi], moving it to a[k] (quickselect, three-way partition). */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : Math.max(x, z)) : x < z ? x : Math.max(y, z);
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i] = a[lt]!;
        a[lt++] = v;
        i++;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k]!;
}
