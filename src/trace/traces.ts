import { isError, type SpanRecord } from './span.ts';

/** A trace as the views need it: its spans, its root, its extent. */
export interface TraceSummary {
  traceId: string;
  root: SpanRecord;
  spans: SpanRecord[];
  startUs: number;
  /** Absent while any span is still open. */
  endUs?: number;
  errorCount: number;
  openCount: number;
}

/**
 * The root is the span whose parent is not in the trace (a parent in another
 * system, or none); if several qualify, the earliest.
 */
export function findRoot(spans: readonly SpanRecord[]): SpanRecord {
  const ids = new Set(spans.map((s) => s.spanId));
  const orphans = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
  const candidates = orphans.length > 0 ? orphans : spans;
  return candidates.reduce((a, b) => (b.startUs < a.startUs ? b : a));
}

export function summarize(traceId: string, spans: SpanRecord[]): TraceSummary {
  const root = findRoot(spans);
  const openCount = spans.filter((s) => s.endUs === undefined).length;
  const startUs = Math.min(...spans.map((s) => s.startUs));
  const endUs = openCount > 0 ? undefined : Math.max(...spans.map((s) => s.endUs ?? s.startUs));
  return {
    traceId,
    root,
    spans,
    startUs,
    ...(endUs !== undefined ? { endUs } : {}),
    errorCount: spans.filter(isError).length,
    openCount,
  };
}

/** The part of a trace under one of its spans (that span included): a CI job's own waterfall. */
export function subtree(trace: TraceSummary, spanId: string): TraceSummary | undefined {
  const children = new Map<string, SpanRecord[]>();
  for (const span of trace.spans) if (span.parentSpanId) children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
  const top = trace.spans.find((s) => s.spanId === spanId);
  if (!top) return undefined;
  const spans: SpanRecord[] = [];
  for (const queue = [top]; queue.length > 0; ) {
    const span = queue.pop()!;
    spans.push(span);
    queue.push(...(children.get(span.spanId) ?? []));
  }
  return summarize(trace.traceId, spans);
}

/** Groups spans by trace; a span recorded twice (same id) counts once, the ended copy winning. */
export function groupTraces(spans: Iterable<SpanRecord>): TraceSummary[] {
  const byTrace = new Map<string, Map<string, SpanRecord>>();
  for (const span of spans) {
    let trace = byTrace.get(span.traceId);
    if (!trace) byTrace.set(span.traceId, (trace = new Map()));
    const seen = trace.get(span.spanId);
    if (!seen || (seen.endUs === undefined && span.endUs !== undefined)) trace.set(span.spanId, span);
  }
  return [...byTrace].map(([traceId, trace]) => summarize(traceId, [...trace.values()]));
}

/**
 * The trace with a span's full record in place of its copy drawn from the
 * index (same id, same times: the summary stands). A missing record, or an
 * open one where the trace has the span ended, changes nothing.
 */
export function withRecord(trace: TraceSummary, record: SpanRecord | undefined): TraceSummary {
  const current = trace.spans.find((s) => s.spanId === record?.spanId);
  if (!record || !current || (record.endUs === undefined && current.endUs !== undefined)) return trace;
  const swap = (s: SpanRecord) => (s === current ? record : s);
  return { ...trace, root: swap(trace.root), spans: trace.spans.map(swap) };
}

/** Newest first, by the root's start. */
export const newestFirst = (a: TraceSummary, b: TraceSummary): number => b.root.startUs - a.root.startUs;

/**
 * Depth-first order with depths, children by start time: the rows of a
 * waterfall. Spans whose parent is missing from the store start their own
 * subtree after the root's, so nothing recorded is hidden.
 */
export function treeRows(trace: TraceSummary): Array<{ span: SpanRecord; depth: number }> {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const children = new Map<string, SpanRecord[]>();
  const tops: SpanRecord[] = [];
  for (const span of [...trace.spans].sort((a, b) => a.startUs - b.startUs)) {
    if (span === trace.root) continue;
    if (!span.parentSpanId || !ids.has(span.parentSpanId)) {
      tops.push(span);
      continue;
    }
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }
  const rows: Array<{ span: SpanRecord; depth: number }> = [];
  const placed = new Set<string>();
  // An explicit stack, not recursion: a 10,000-span chain must not overflow.
  const stack = [trace.root, ...tops].reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length > 0) {
    const row = stack.pop()!;
    if (placed.has(row.span.spanId)) continue;
    placed.add(row.span.spanId);
    rows.push(row);
    const kids = children.get(row.span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: row.depth + 1 });
  }
  return rows;
}
