import { durationUs, type SpanRecord } from '../trace/span.ts';

/** A waterfall row: a span, or a run of siblings folded into one line. */
export type WaterfallRow =
  | { span: SpanRecord; depth: number }
  | { folded: { count: number; spans: number; errors: number; open: number; startUs: number; endUs: number; sample: string }; depth: number };

/** Siblings kept when a parent has more than FOLD_OVER children: the first, the last, every failed or open one, the slowest. */
const FOLD_OVER = 8;
const KEEP_FIRST = 3;
const KEEP_LAST = 2;
const KEEP_SLOWEST = 3;

/** The `k` rows of a group that took longest, as a stable sort would pick them (a tie: the earlier row), in one pass. */
function longest(group: readonly number[], duration: (row: number) => number, k: number): number[] {
  const top: Array<[number, number]> = []; // [duration, row], longest first
  for (const row of group) {
    const d = duration(row);
    if (top.length === k && d <= top[k - 1]![0]) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]![0] < d) at -= 1;
    top.splice(at, 0, [d, row]);
    if (top.length > k) top.pop();
  }
  return top.map(([, row]) => row);
}

/**
 * Keeps a big trace readable: when there are more rows than `budget`, each
 * long run of siblings is cut down to the ones worth seeing (and those `keep`
 * asks for) and the rest fold into one row per gap that counts what it hides
 * (spans, errors). Rows come in depth-first order (treeRows); linear time, no
 * recursion.
 */
export function elideRows(rows: ReadonlyArray<{ span: SpanRecord; depth: number }>, budget: number, nowUs: number, keep?: (span: SpanRecord) => boolean): WaterfallRow[] {
  if (rows.length <= budget) return [...rows];
  const n = rows.length;
  const subtreeEnd = new Array<number>(n).fill(n);
  const groups = new Map<number, number[]>(); // parent row (-1: top) → child rows
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const depth = rows[i]!.depth;
    while (stack.length > 0 && rows[stack.at(-1)!]!.depth >= depth) subtreeEnd[stack.pop()!] = i;
    const parent = stack.at(-1) ?? -1;
    const group = groups.get(parent) ?? [];
    group.push(i);
    groups.set(parent, group);
    stack.push(i);
  }
  const hidden = new Uint8Array(n);
  for (const group of groups.values()) {
    if (group.length <= FOLD_OVER) continue;
    const kept = new Set([...group.slice(0, KEEP_FIRST), ...group.slice(-KEEP_LAST)]);
    for (const i of group) {
      const span = rows[i]!.span;
      if (span.status.code === 'error' || span.endUs === undefined || keep?.(span)) kept.add(i);
    }
    for (const i of longest(group, (i) => durationUs(rows[i]!.span, nowUs) ?? 0, KEEP_SLOWEST)) kept.add(i);
    for (const i of group) if (!kept.has(i)) hidden[i] = 1;
    // folding a single sibling saves nothing: show it
    group.forEach((i, k) => {
      if (hidden[i] && !hidden[group[k - 1] ?? -1] && !hidden[group[k + 1] ?? -1]) hidden[i] = 0;
    });
  }
  const out: WaterfallRow[] = [];
  for (let i = 0; i < n; ) {
    if (!hidden[i]) {
      out.push(rows[i]!);
      i += 1;
      continue;
    }
    const depth = rows[i]!.depth;
    const folded = { count: 0, spans: 0, errors: 0, open: 0, startUs: Infinity, endUs: -Infinity, sample: rows[i]!.span.name };
    // consecutive hidden siblings: each one's whole subtree folds into this row
    while (i < n && hidden[i] && rows[i]!.depth === depth) {
      folded.count += 1;
      for (let j = i; j < subtreeEnd[i]!; j++) {
        const span = rows[j]!.span;
        folded.spans += 1;
        if (span.status.code === 'error') folded.errors += 1;
        if (span.endUs === undefined) folded.open += 1;
        folded.startUs = Math.min(folded.startUs, span.startUs);
        folded.endUs = Math.max(folded.endUs, span.endUs ?? nowUs);
      }
      i = subtreeEnd[i]!;
    }
    out.push({ folded, depth });
  }
  return out;
}
