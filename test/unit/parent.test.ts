import { describe, expect, it } from 'vitest';
import { extractFromEnv, injectIntoEnv } from '../../src/trace/carrier.ts';
import { parseParentRef, parseTraceparent, parseUberTraceId } from '../../src/trace/parent.ts';
import { isValidSpanId, isValidTraceId } from '../../src/trace/ids.ts';
import { newSpanId, newTraceId } from '../../src/system/random.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('ids', () => {
  it('are lower-case hex of W3C length, never all zeros, and distinct', () => {
    const traces = new Set(Array.from({ length: 200 }, newTraceId));
    const spans = new Set(Array.from({ length: 200 }, newSpanId));
    expect(traces.size).toBe(200);
    expect(spans.size).toBe(200);
    for (const id of traces) expect(isValidTraceId(id)).toBe(true);
    for (const id of spans) expect(isValidSpanId(id)).toBe(true);
    expect(isValidTraceId('0'.repeat(32))).toBe(false);
    expect(isValidSpanId('0'.repeat(16))).toBe(false);
  });
});

describe('parseTraceparent', () => {
  it('accepts the spec example and normalizes case', () => {
    const r = parseTraceparent(`00-${TRACE.toUpperCase()}-${SPAN}-01`);
    expect(r).toEqual({ ok: true, value: { traceId: TRACE, spanId: SPAN, flags: '01' } });
  });

  it.each([
    ['wrong shape', `00-${TRACE}-${SPAN}`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['extra field on version 00', `00-${TRACE}-${SPAN}-01-extra`],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
  ])('rejects %s with a message that shows the expected form', (_why, raw) => {
    const r = parseTraceparent(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^invalid traceparent ".*": .*; expected 00-<32 hex trace id>/);
  });

  it('accepts a future version with extra fields', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-whatever`).ok).toBe(true);
  });
});

describe('parseUberTraceId', () => {
  it('left-pads short ids as jaeger-client writes them', () => {
    const r = parseUberTraceId('abc:def:0:1');
    expect(r).toEqual({ ok: true, value: { traceId: `${'0'.repeat(29)}abc`, spanId: `${'0'.repeat(13)}def`, flags: '01' } });
  });

  it('accepts the URL-encoded header form and maps the sampled bit', () => {
    const r = parseUberTraceId(`${TRACE}%3A${SPAN}%3A0%3A0`);
    expect(r).toEqual({ ok: true, value: { traceId: TRACE, spanId: SPAN, flags: '00' } });
  });

  it.each(['abc:def:0', 'xyz:def:0:1', `${TRACE}0:${SPAN}:0:1`, '0:def:0:1'])('rejects %s', (raw) => {
    expect(parseUberTraceId(raw).ok).toBe(false);
  });
});

describe('parseParentRef', () => {
  it('tells the three accepted forms apart', () => {
    expect(parseParentRef(`00-${TRACE}-${SPAN}-01`)).toMatchObject({ ok: true, value: { kind: 'context' } });
    expect(parseParentRef(`${TRACE}:${SPAN}:0:1`)).toMatchObject({ ok: true, value: { kind: 'context' } });
    expect(parseParentRef(SPAN.toUpperCase())).toEqual({ ok: true, value: { kind: 'span-id', spanId: SPAN } });
  });

  it('names all accepted forms when nothing fits', () => {
    const r = parseParentRef('not-a-parent');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('traceparent');
    if (!r.ok) expect(r.error.message).toContain('uber-trace-id');
  });
});

describe('environment carrier', () => {
  it('extracts TRACEPARENT with TRACESTATE, ignores an empty one, reports a bad one', () => {
    expect(extractFromEnv({ TRACEPARENT: `00-${TRACE}-${SPAN}-01`, TRACESTATE: 'vendor=x' })).toEqual({
      ok: true,
      value: { traceId: TRACE, spanId: SPAN, flags: '01', traceState: 'vendor=x' },
    });
    expect(extractFromEnv({ TRACEPARENT: '' })).toBeUndefined();
    expect(extractFromEnv({})).toBeUndefined();
    expect(extractFromEnv({ TRACEPARENT: 'garbage' })?.ok).toBe(false);
  });

  it('injects the new span into a copy, passing BAGGAGE through and leaving the original alone', () => {
    const env = { PATH: '/bin', BAGGAGE: 'user=alice', TRACESTATE: 'old=1' };
    const child = injectIntoEnv(env, { traceId: TRACE, spanId: SPAN, flags: '01' });
    expect(child).toEqual({ PATH: '/bin', BAGGAGE: 'user=alice', TRACEPARENT: `00-${TRACE}-${SPAN}-01` });
    expect(env.TRACESTATE).toBe('old=1');
  });
});
