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
}

export const isError = (span: SpanRecord): boolean => span.status.code === 'error';

export function durationUs(span: SpanRecord, nowUs?: number): number | undefined {
  const end = span.endUs ?? nowUs;
  return end === undefined ? undefined : Math.max(0, end - span.startUs);
}

/**
 * Wall clock in integer microseconds: the epoch from Date.now() once, then a
 * monotonic hrtime offset, so durations are exact to the microsecond and never
 * negative when the clock is adjusted mid-run. (`performance` would do the
 * same but costs a module load on every start.)
 */
let epochUs: number | undefined;
let originNs: bigint;
export function nowUs(): number {
  if (epochUs === undefined) {
    originNs = process.hrtime.bigint();
    epochUs = Date.now() * 1000;
    return epochUs;
  }
  return epochUs + Number((process.hrtime.bigint() - originNs) / 1000n);
}
