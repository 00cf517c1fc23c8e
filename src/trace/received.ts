import { quote } from '../errors.ts';
import type { SpanRecord } from './span.ts';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZEROS = /^0+$/;

/**
 * Why a span another program sent cannot be stored, or undefined when it can.
 * The store's index keeps ids at fixed width, and a received span is an ended
 * one (an open span has no place in an OTLP export).
 */
export function receivedSpanProblem(span: SpanRecord): string | undefined {
  if (!TRACE_ID.test(span.traceId) || ZEROS.test(span.traceId)) return `span ${quote(span.name, 40)}: traceId is not 16 non-zero bytes`;
  if (!SPAN_ID.test(span.spanId) || ZEROS.test(span.spanId)) return `span ${quote(span.name, 40)}: spanId is not 8 non-zero bytes`;
  if (span.parentSpanId !== undefined && !SPAN_ID.test(span.parentSpanId)) return `span ${quote(span.name, 40)}: parentSpanId is not 8 bytes`;
  if (span.endUs === undefined) return `span ${quote(span.name, 40)}: no end time`;
  if (span.endUs < span.startUs) return `span ${quote(span.name, 40)}: ends before it starts`;
  return undefined;
}
