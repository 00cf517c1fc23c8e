import { describe, expect, it } from 'vitest';
import { decodeLine, encodeSpanLine } from '../../src/store/otlp-json.ts';
import type { SpanRecord } from '../../src/trace/span.ts';

const span: SpanRecord = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  parentSpanId: '53995c3f42cd8ad8',
  traceState: 'vendor=x',
  name: 'build: docker build',
  startUs: 1_795_558_742_353_835,
  endUs: 1_795_558_742_357_920,
  status: { code: 'error', message: 'exit code 2' },
  attributes: { 'process.exit.code': 2, 'vstrace.cpu.user_seconds': 0.25, error: true, 'process.command_args': ['docker', 'build'], tag: 'v' },
  resource: { 'service.name': 'api', 'host.name': 'laptop' },
};

describe('OTLP/JSON lines', () => {
  it('round-trips a span exactly, microseconds included', () => {
    const line = encodeSpanLine(span);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(decodeLine(line)).toEqual([span]);
  });

  it('writes the protobuf JSON mapping: hex ids, integer enums, 64-bit integers as strings', () => {
    const request = JSON.parse(encodeSpanLine(span));
    const out = request.resourceSpans[0].scopeSpans[0].spans[0];
    expect(out.kind).toBe(1);
    expect(out.status).toEqual({ code: 2, message: 'exit code 2' });
    expect(out.startTimeUnixNano).toBe('1795558742353835000');
    expect(out.attributes).toContainEqual({ key: 'process.exit.code', value: { intValue: '2' } });
    expect(out.attributes).toContainEqual({ key: 'vstrace.cpu.user_seconds', value: { doubleValue: 0.25 } });
    expect(request.resourceSpans[0].scopeSpans[0].scope.name).toBe('vstrace');
  });

  it('reads batches as the Collector file exporter writes them (several spans, numeric nanos)', () => {
    const batch = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 's' } }] },
          scopeSpans: [
            {
              spans: [
                { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'one', startTimeUnixNano: 1000, endTimeUnixNano: '3000' },
                { traceId: 'a'.repeat(32), spanId: 'c'.repeat(16), parentSpanId: '', name: 'two', startTimeUnixNano: '5000', endTimeUnixNano: '9000', status: {} },
              ],
            },
          ],
        },
      ],
    };
    const spans = decodeLine(JSON.stringify(batch));
    expect(spans.map((s) => [s.name, s.startUs, s.endUs, s.parentSpanId])).toEqual([
      ['one', 1, 3, undefined],
      ['two', 5, 9, undefined],
    ]);
  });

  it.each(['', '{', '{"resourceSpans":{}}', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":"b"}]}]}]}', '[1,2]'])('rejects %j (readers skip such lines)', (line) => {
    expect(() => decodeLine(line)).toThrow();
  });
});
