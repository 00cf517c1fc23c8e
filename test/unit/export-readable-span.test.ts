import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { toReadableSpans, usToHrTime } from '../../src/export/readable-span.ts';
import type { SpanRecord } from '../../src/trace/span.ts';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const Request = (require('otlp-proto-schema/build/src/generated/root.js') as any).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

const span = (patch: Partial<SpanRecord> = {}): SpanRecord => ({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  parentSpanId: 'b7ad6b7169203331',
  traceState: 'vendor=x',
  name: 'build: docker build',
  startUs: 1_700_000_000_123_456,
  endUs: 1_700_000_001_654_321,
  status: { code: 'error', message: 'exit code 2' },
  attributes: { error: true, 'process.exit.code': 2, 'process.command_args': ['docker', 'build'], 'vstrace.cpu.user_seconds': 0.25 },
  resource: { 'service.name': 'api', 'host.name': 'ci-7' },
  ...patch,
});

describe('SpanRecord → ReadableSpan', () => {
  test('our ids, parent, times, status, attributes and resource, unchanged', () => {
    const [r] = toReadableSpans([span()]);
    expect(r!.spanContext()).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
    expect(r!.spanContext().traceState?.serialize()).toBe('vendor=x');
    expect(r!.parentSpanContext).toMatchObject({ spanId: 'b7ad6b7169203331', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(r!.startTime).toEqual([1_700_000_000, 123_456_000]);
    expect(r!.endTime).toEqual([1_700_000_001, 654_321_000]);
    expect(r!.duration).toEqual([1, 530_865_000]);
    expect(r!.kind).toBe(SpanKind.INTERNAL);
    expect(r!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'exit code 2' });
    expect(r!.attributes).toEqual(span().attributes);
    expect(r!.resource.attributes).toEqual({ 'service.name': 'api', 'host.name': 'ci-7' });
    expect(r!.ended).toBe(true);
    expect(usToHrTime(999_999)).toEqual([0, 999_999_000]);
  });

  test('a root span has no parent; unset status stays unset', () => {
    const [r] = toReadableSpans([span({ parentSpanId: undefined, status: { code: 'unset' } })]);
    expect(r!.parentSpanContext).toBeUndefined();
    expect(r!.status).toEqual({ code: SpanStatusCode.UNSET });
  });

  test('an open span (no end) is refused', () => {
    expect(() => toReadableSpans([span({ endUs: undefined })])).toThrow(/still open/);
  });

  test('spans sharing a resource share one ResourceSpans in the encoded request; times survive to the nanosecond', () => {
    const spans = toReadableSpans([span(), span({ spanId: '1111111111111111' }), span({ spanId: '2222222222222222', resource: { 'service.name': 'web' } })]);
    const decoded = Request.decode(ProtobufTraceSerializer.serializeRequest(spans));
    expect(decoded.resourceSpans).toHaveLength(2);
    const first = decoded.resourceSpans[0].scopeSpans[0];
    expect(first.scope.name).toBe('vstrace');
    expect(first.spans).toHaveLength(2);
    expect(String(first.spans[0].startTimeUnixNano)).toBe('1700000000123456000');
    expect(String(first.spans[0].endTimeUnixNano)).toBe('1700000001654321000');
  });
});
