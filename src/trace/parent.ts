import { fail, ok, quote, type Result } from '../errors.ts';
import type { SpanContext } from './span-context.ts';
import { isValidSpanId, isValidTraceId, SPAN_ID } from './ids.ts';

/**
 * What a user may name as a parent. Parsing is pure; a bare span id needs the
 * store to find its trace, so it comes back as a lookup request instead.
 */
export type ParentRef = { kind: 'context'; context: SpanContext; source: string } | { kind: 'span-id'; spanId: string };

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** W3C traceparent, per the trace-context spec (version 00, forward-compatible with later ones). */
export function parseTraceparent(raw: string): Result<SpanContext> {
  const value = raw.trim().toLowerCase();
  const m = TRACEPARENT.exec(value);
  const bad = (why: string) => fail('BAD_PARENT', `invalid traceparent ${quote(raw)}: ${why}; expected 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`);
  if (!m) return bad('wrong shape');
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string?];
  if (version === 'ff') return bad('version ff is forbidden');
  if (version === '00' && rest !== undefined) return bad('version 00 has exactly four fields');
  if (!isValidTraceId(traceId)) return bad('the trace id is all zeros');
  if (!isValidSpanId(spanId)) return bad('the span id is all zeros');
  return ok({ traceId, spanId, flags });
}

/**
 * Jaeger's uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}, ids as
 * hex of up to 32/16 digits (jaeger-client drops leading zeros). Also accepted
 * URL-encoded, as it appears in HTTP headers.
 */
export function parseUberTraceId(raw: string): Result<SpanContext> {
  const value = raw.trim().replace(/%3a/gi, ':').toLowerCase();
  const parts = value.split(':');
  const bad = (why: string) => fail('BAD_PARENT', `invalid uber-trace-id ${quote(raw)}: ${why}; expected <trace id>:<span id>:<parent id>:<flags>`);
  if (parts.length !== 4) return bad('it needs four colon-separated fields');
  const [trace, span, , flagsField] = parts as [string, string, string, string];
  if (!/^[0-9a-f]{1,32}$/.test(trace)) return bad('the trace id is not 1-32 hex digits');
  if (!/^[0-9a-f]{1,16}$/.test(span)) return bad('the span id is not 1-16 hex digits');
  const flagsNum = Number.parseInt(flagsField, 16);
  if (!/^[0-9a-f]{1,2}$/.test(flagsField) || Number.isNaN(flagsNum)) return bad('the flags are not hex');
  const traceId = trace.padStart(32, '0');
  const spanId = span.padStart(16, '0');
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return bad('an id is all zeros');
  // Jaeger's bit 1 is "sampled", the same bit as W3C's.
  return ok({ traceId, spanId, flags: (flagsNum & 1) === 1 ? '01' : '00' });
}

/** Any form a user may pass to --parent. */
export function parseParentRef(raw: string): Result<ParentRef> {
  const value = raw.trim();
  if (SPAN_ID.test(value.toLowerCase())) {
    const spanId = value.toLowerCase();
    if (!isValidSpanId(spanId)) return fail('BAD_PARENT', `invalid parent ${quote(raw)}: the span id is all zeros`);
    return ok({ kind: 'span-id', spanId });
  }
  const parsed = /%3a|:/i.test(value) ? parseUberTraceId(value) : parseTraceparent(value);
  if (parsed.ok) return ok({ kind: 'context', context: parsed.value, source: '--parent' });
  return fail('BAD_PARENT', `invalid parent ${quote(raw)}: give a W3C traceparent (00-<trace>-<span>-01), a Jaeger uber-trace-id (<trace>:<span>:<parent>:<flags>) or a 16-hex span id from vstrace`);
}
