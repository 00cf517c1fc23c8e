/**
 * The span model every part of vstrace shares: the store writes it, the views
 * read it, the exporters translate it. Times are integer microseconds since the
 * epoch (exact in a double, and finer than the millisecond the issue asks for).
 */
export type AttrValue = string | number | boolean | string[];
export type Attributes = Record<string, AttrValue>;

export type StatusCode = 'unset' | 'ok' | 'error';

export interface SpanStatus {
  code: StatusCode;
  message?: string;
}

/** A span of another trace this one follows from (a CI run's previous attempt). */
export interface SpanLink {
  traceId: string;
  spanId: string;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  startUs: number;
  /** Absent while the span is open (started, not yet ended). */
  endUs?: number;
  status: SpanStatus;
  attributes: Attributes;
  resource: Attributes;
  links?: SpanLink[];
}

export const isError = (span: SpanRecord): boolean => span.status.code === 'error';

export function durationUs(span: SpanRecord, nowUs?: number): number | undefined {
  const end = span.endUs ?? nowUs;
  return end === undefined ? undefined : Math.max(0, end - span.startUs);
}
