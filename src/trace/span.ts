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

/** Something that happened during a span, at a time (an exception, a checkpoint): as an OpenTelemetry SDK records it. */
export interface SpanEvent {
  name: string;
  timeUs: number;
  attributes: Attributes;
}

/** OTLP's span kinds: 1 internal (every span vstrace makes), 2 server, 3 client, 4 producer, 5 consumer. */
export type SpanKindNumber = 1 | 2 | 3 | 4 | 5;

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
  /** Absent for internal spans: a kind another program's span came with. */
  kind?: SpanKindNumber;
  /** Events another program's span came with (vstrace's own spans have none). */
  events?: SpanEvent[];
}

export const isError = (span: SpanRecord): boolean => span.status.code === 'error';

export function durationUs(span: SpanRecord, nowUs?: number): number | undefined {
  const end = span.endUs ?? nowUs;
  return end === undefined ? undefined : Math.max(0, end - span.startUs);
}
