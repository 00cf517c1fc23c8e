import type { SpanContext } from '../trace/span-context.ts';
import type { SpanRecord } from '../trace/span.ts';
import { listSegments, readSegment } from './reader.ts';
import { readStoreText } from '../fs/store-read.ts';

/** What the store holds for one span id: its open record (from `start`) and its ended copy, either may be missing. */
export interface SpanRecords {
  open?: SpanRecord;
  ended?: SpanRecord;
}

/**
 * Finds a recorded span by id, newest segments first. A plain substring test
 * skips files that cannot hold it before anything is parsed. The search stops
 * at the first record found unless `untilOpen`: then it goes on until the open
 * record, which is the oldest (an ended copy lands in the same or a later day).
 */
export function findSpanRecords(home: string, spanId: string, untilOpen = false): SpanRecords {
  const needle = `"spanId":"${spanId}"`;
  const found: SpanRecords = {};
  for (const file of listSegments(home).reverse()) {
    let text: string;
    try {
      text = readStoreText(file);
    } catch {
      continue;
    }
    if (!text.includes(needle)) continue;
    for (const span of readSegment(file)) {
      if (span.spanId !== spanId) continue;
      if (span.endUs === undefined) found.open ??= span;
      else found.ended ??= span;
    }
    if (found.open || (found.ended && !untilOpen)) break;
  }
  return found;
}

export function findSpanContext(home: string, spanId: string): SpanContext | undefined {
  const { open, ended } = findSpanRecords(home, spanId);
  const span = ended ?? open;
  return span ? { traceId: span.traceId, spanId: span.spanId, flags: '01', ...(span.traceState ? { traceState: span.traceState } : {}) } : undefined;
}
