import type { Redactor } from '../redact/redact.ts';
import { newRedactionMemo, redactSpan } from '../redact/span.ts';
import { receivedSpanProblem } from '../trace/received.ts';
import type { SpanRecord } from '../trace/span.ts';
import { KnownSpans, spanKey } from './known-spans.ts';
import { segmentPath } from './location.ts';
import { encodeSpanLine } from './otlp-json.ts';
import { appendRecord, trustStore } from './writer.ts';

/** What became of the spans of one batch. */
export interface IngestCount {
  stored: number;
  duplicates: number;
  rejected: number;
  /** Why spans were rejected: the first few reasons, for a partial-success message. */
  reasons: string[];
  /** The spans stored, as stored (redacted). */
  spans: SpanRecord[];
}

const MAX_REASONS = 5;

/**
 * Spans other programs made, into the local store: each checked (fixed-width
 * ids, ended), redacted, stored once (see KnownSpans), one line per span as
 * vstrace writes its own, and every line bound for one segment in a single
 * append. Throws when the store cannot be written; the spans of a segment not
 * yet written are then not counted as known, so a retry stores them.
 */
export class SpanIngest {
  private readonly known: KnownSpans;

  constructor(
    private readonly home: string,
    private readonly redactor: Redactor,
    capacity?: number,
  ) {
    this.known = new KnownSpans(home, capacity);
  }

  store(spans: readonly SpanRecord[], rejectedReasons: readonly string[] = []): IngestCount {
    const count: IngestCount = { stored: 0, duplicates: 0, rejected: rejectedReasons.length, reasons: rejectedReasons.slice(0, MAX_REASONS), spans: [] };
    const bySegment = new Map<string, { keys: string[]; lines: string[]; spans: SpanRecord[] }>();
    const batch = new Set<string>();
    const memo = newRedactionMemo();
    for (const span of spans) {
      const problem = receivedSpanProblem(span);
      if (problem) {
        count.rejected += 1;
        if (count.reasons.length < MAX_REASONS) count.reasons.push(problem);
        continue;
      }
      const segment = segmentPath(this.home, span.endUs!);
      const key = spanKey(span.traceId, span.spanId);
      if (batch.has(key) || this.known.has(segment, key)) {
        count.duplicates += 1;
        continue;
      }
      batch.add(key);
      const stored = redactSpan(this.redactor, span, memo);
      const group = bySegment.get(segment) ?? { keys: [], lines: [], spans: [] };
      group.keys.push(key);
      group.lines.push(encodeSpanLine(stored));
      group.spans.push(stored);
      bySegment.set(segment, group);
    }
    if (bySegment.size > 0) trustStore(this.home);
    for (const [segment, group] of bySegment) {
      appendRecord(segment, group.lines.join(''));
      for (const key of group.keys) this.known.add(key);
      count.stored += group.lines.length;
      count.spans.push(...group.spans);
    }
    return count;
  }
}
