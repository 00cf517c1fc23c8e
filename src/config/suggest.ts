/** Edit distance (insert, delete, substitute, swap neighbours), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const last = (key: string): string => key.slice(key.lastIndexOf('.') + 1);
const fold = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');

/**
 * The known key an unknown one most likely meant: a small edit of the whole
 * key (`export.protocl`), the same name in another group (`exporter` →
 * `export.exporter`), or another spelling (`service_name`, `default-type`).
 */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(unknown.length / 4));
  let best: { key: string; score: number } | undefined;
  for (const key of known) {
    const whole = editDistance(fold(unknown), fold(key));
    const name = fold(last(unknown)) === fold(last(key)) ? 1 : Infinity;
    const score = Math.min(whole, name);
    if (score <= limit && (!best || score < best.score)) best = { key, score };
  }
  return best?.key;
}
