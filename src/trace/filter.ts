import type { SpanRecord } from './span.ts';
import type { TraceSummary } from './traces.ts';

/** What `ls` (and the report) may select traces by. Pure. */
export interface TraceFilter {
  /** Traces that started at or after this time. */
  sinceUs?: number;
  /** A span of this type anywhere in the trace. */
  type?: string;
  /** `key=value` pairs that each some span in the trace carries (attribute or resource). */
  tags?: ReadonlyArray<readonly [string, string]>;
  status?: TraceStatus;
}

export type TraceStatus = 'ok' | 'error' | 'open';

/** Open while any span is open; else error if any span failed; else ok. */
export const traceStatus = (trace: TraceSummary): TraceStatus => (trace.openCount > 0 ? 'open' : trace.errorCount > 0 ? 'error' : 'ok');

export function matchesTrace(trace: TraceSummary, filter: TraceFilter): boolean {
  if (filter.sinceUs !== undefined && trace.startUs < filter.sinceUs) return false;
  if (filter.status && traceStatus(trace) !== filter.status) return false;
  if (filter.type !== undefined && !trace.spans.some((s) => s.attributes['vstrace.type'] === filter.type)) return false;
  for (const [key, value] of filter.tags ?? []) if (!trace.spans.some((s) => hasTag(s, key, value))) return false;
  return true;
}

const hasTag = (span: SpanRecord, key: string, value: string): boolean => String(span.attributes[key] ?? span.resource[key] ?? '\u0000') === value;

/** One span, for `tail`: its own type, tags and status (an unset status is ok; open spans are never shown). */
export function matchesSpan(span: SpanRecord, filter: Omit<TraceFilter, 'sinceUs'>): boolean {
  if (filter.status && (span.status.code === 'error' ? 'error' : span.endUs === undefined ? 'open' : 'ok') !== filter.status) return false;
  if (filter.type !== undefined && span.attributes['vstrace.type'] !== filter.type) return false;
  return (filter.tags ?? []).every(([key, value]) => hasTag(span, key, value));
}

/** Parses `key=value` (or the seed's `key|value`) for --tag filters. */
export function parseTagFilter(text: string): [string, string] {
  const match = /^([^=|]+)[=|](.*)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a tag filter: write key=value, e.g. --tag service=api`);
  return [match[1]!.trim(), match[2]!];
}
