import type { SpanRecord } from './span.ts';
import type { TraceSummary } from './traces.ts';

/** A stretch of the root's time that one span's own work decided. */
export interface CriticalSection {
  spanId: string;
  startUs: number;
  endUs: number;
}

interface Frame {
  spanId: string;
  startUs: number;
  /** Walking backwards: the earliest moment accounted for so far. */
  pointUs: number;
  /** Children clipped to this span, latest end first. */
  kids: Array<{ span: SpanRecord; startUs: number; endUs: number }>;
  next: number;
}

/**
 * The critical path, by Jaeger's rule: walk back from the root's end; the
 * child that finished last (at or before the moment reached) is what the
 * parent waited for, so follow it down the same way; time no child covers is
 * the span's own work. After a child, go on from its start with the children
 * that ended before it. Children are clipped to their parent's interval (one
 * that starts after its parent ended is dropped); an open span ends at `nowUs`.
 * Spans outside the root's tree (parents not recorded) are not on it. The
 * sections cover the root's interval exactly, in time order; iterative, so a
 * deep trace cannot overflow the stack.
 */
export function criticalPath(trace: TraceSummary, nowUs: number): CriticalSection[] {
  const endOf = (s: SpanRecord) => s.endUs ?? Math.max(s.startUs, nowUs);
  const children = new Map<string, SpanRecord[]>();
  for (const span of trace.spans) {
    if (!span.parentSpanId || span === trace.root) continue;
    const list = children.get(span.parentSpanId);
    if (list) list.push(span);
    else children.set(span.parentSpanId, [span]);
  }
  const frame = (span: SpanRecord, startUs: number, endUs: number): Frame => ({
    spanId: span.spanId,
    startUs,
    pointUs: endUs,
    kids: (children.get(span.spanId) ?? [])
      .filter((c) => c.startUs <= endUs && endOf(c) >= startUs)
      .map((c) => ({ span: c, startUs: Math.max(c.startUs, startUs), endUs: Math.min(endOf(c), endUs) }))
      .sort((a, b) => b.endUs - a.endUs),
    next: 0,
  });
  const sections: CriticalSection[] = [];
  const push = (spanId: string, startUs: number, endUs: number) => endUs > startUs && sections.push({ spanId, startUs, endUs });
  const stack = [frame(trace.root, trace.root.startUs, endOf(trace.root))];
  while (stack.length > 0) {
    const f = stack.at(-1)!;
    while (f.next < f.kids.length && f.kids[f.next]!.endUs > f.pointUs) f.next += 1;
    const kid = f.kids[f.next];
    if (!kid) {
      push(f.spanId, f.startUs, f.pointUs);
      stack.pop();
      continue;
    }
    f.next += 1;
    push(f.spanId, kid.endUs, f.pointUs);
    f.pointUs = kid.startUs;
    stack.push(frame(kid.span, kid.startUs, kid.endUs));
  }
  return sections.sort((a, b) => a.startUs - b.startUs);
}
