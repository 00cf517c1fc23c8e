import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bodyEncoding, compression, decompress, TooLarge } from '../../src/receive/body.ts';
import { Redactor } from '../../src/redact/redact.ts';
import { redactSpan } from '../../src/redact/span.ts';
import { KnownSpans } from '../../src/store/known-spans.ts';
import { decodeLine, encodeSpanLine } from '../../src/store/otlp-json.ts';
import { parseSpanText } from '../../src/store/span-file.ts';
import { receivedSpanProblem } from '../../src/trace/received.ts';
import type { SpanRecord } from '../../src/trace/span.ts';
import { gzipSync } from 'node:zlib';

const span = (over: Partial<SpanRecord> = {}): SpanRecord => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  name: 'op',
  startUs: 1_000,
  endUs: 2_000,
  status: { code: 'unset' },
  attributes: {},
  resource: { 'service.name': 'svc' },
  ...over,
});

describe('redactSpan: a span another program made', () => {
  const redactor = new Redactor();
  test.each([
    ['http.request.header.authorization', ['Bearer abc'], ['[REDACTED]']],
    ['http.request.header.cookie', ['session=1'], ['[REDACTED]']],
    ['http.response.header.set-cookie', ['id=2; Path=/'], ['[REDACTED]']],
    ['http.request.header.x-api-key', ['k-123'], ['[REDACTED]']],
    ['rpc.grpc.request.metadata.x-auth-token', ['t'], ['[REDACTED]']],
    ['http.request.header.accept', ['application/json'], ['application/json']],
    ['http.request.header.user-agent', ['curl/8.5'], ['curl/8.5']],
    ['process.command_args', ['mysql', '-psecretpw', 'db'], ['mysql', '-p[REDACTED]', 'db']],
    ['process.command_args', ['curl', '-u', 'me:pw', 'https://x'], ['curl', '-u', 'me:[REDACTED]', 'https://x']],
    ['process.command_line', 'deploy --token abc123 prod', 'deploy --token [REDACTED] prod'],
    ['url.full', 'https://u:p4ss@example.com/x?sig=zzz&page=1', 'https://u:[REDACTED]@example.com/x?sig=[REDACTED]&page=1'],
    ['db.password', 'hunter2', '[REDACTED]'],
    ['commit.sha', '4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['http.response.status_code', 200, 200],
  ])('%s', (key, value, expected) => {
    const redacted = redactSpan(redactor, span({ attributes: { [key]: value }, resource: { [key]: value } }));
    expect(redacted.attributes[key]).toEqual(expected);
    expect(redacted.resource[key]).toEqual(expected);
  });

  test('its name and status message as text', () => {
    const redacted = redactSpan(redactor, span({ name: 'GET /items?token=abc', status: { code: 'error', message: 'auth failed for ghp_abcdefghijklmnopqrstuvwxyz0123' } }));
    expect(redacted.name).toBe('GET /items?token=[REDACTED]');
    expect(redacted.status).toEqual({ code: 'error', message: 'auth failed for [REDACTED]' });
  });
});

describe('receivedSpanProblem', () => {
  test.each([
    [{}, undefined],
    [{ traceId: 'abc' }, 'span "op": traceId is not 16 non-zero bytes'],
    [{ traceId: '0'.repeat(32) }, 'span "op": traceId is not 16 non-zero bytes'],
    [{ spanId: '0'.repeat(16) }, 'span "op": spanId is not 8 non-zero bytes'],
    [{ parentSpanId: 'xyz' }, 'span "op": parentSpanId is not 8 bytes'],
    [{ endUs: undefined }, 'span "op": no end time'],
    [{ endUs: 500 }, 'span "op": ends before it starts'],
  ] as const)('%o → %s', (over, problem) => {
    expect(receivedSpanProblem(span(over as Partial<SpanRecord>))).toBe(problem);
  });
});

describe('parseSpanText', () => {
  const line = (spanId: string) =>
    JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId, name: 'x', startTimeUnixNano: '1000', endTimeUnixNano: '2000' }] }] }] });
  test('lines, with the rejected ones numbered', () => {
    const parsed = parseSpanText(`${line('b7ad6b7169203331')}\n\nnope\n${line('bad')}\n`)!;
    expect(parsed.spans.map((s) => s.spanId)).toEqual(['b7ad6b7169203331']);
    expect(parsed.rejected).toEqual([
      { line: 3, reason: 'not JSON' },
      { line: 4, reason: 'span "x": spanId is not 8 non-zero bytes' },
    ]);
  });
  test('one request over many lines', () => {
    expect(parseSpanText(JSON.stringify(JSON.parse(line('b7ad6b7169203331')), null, 2))!.spans).toHaveLength(1);
  });
  test('nothing that is OTLP/JSON', () => {
    expect(parseSpanText('{"a": 1}\n{"b": 2}\n')).toBeUndefined();
    expect(parseSpanText('')).toBeUndefined();
  });
});

describe('request bodies', () => {
  test('content types and encodings OTLP/HTTP speaks', () => {
    expect([
      bodyEncoding('application/json; charset=utf-8'),
      bodyEncoding('application/x-protobuf'),
      bodyEncoding('application/protobuf'),
      bodyEncoding('text/plain'),
      bodyEncoding(undefined),
    ]).toEqual(['json', 'protobuf', 'protobuf', undefined, undefined]);
    expect([compression(undefined), compression('GZIP'), compression('deflate'), compression('identity'), compression('br')]).toEqual(['none', 'gzip', 'deflate', 'none', undefined]);
  });
  test('a gzip bomb stops at the limit', () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => decompress(bomb, 'gzip', 1024 * 1024)).toThrow(TooLarge);
    expect(decompress(gzipSync('{}'), 'gzip', 1024).toString()).toBe('{}');
    expect(() => decompress(Buffer.from('plain'), 'gzip', 1024)).toThrow(/the gzip body does not decompress/);
  });
});

describe('KnownSpans', () => {
  test('past its capacity, the oldest keys are forgotten first', () => {
    const home = mkdtempSync(join(tmpdir(), 'vstrace-known-'));
    try {
      const known = new KnownSpans(home, 3);
      const segment = join(home, 'traces', '2026-01-01.jsonl');
      for (const key of ['a', 'b', 'c', 'd']) known.add(key);
      expect(['a', 'b', 'c', 'd'].map((k) => known.has(segment, k))).toEqual([false, true, true, true]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('kinds and events in the store', () => {
  test('a received span keeps its kind and events through the store format; vstrace spans stay internal with none', () => {
    const received = span({ kind: 3, events: [{ name: 'retry', timeUs: 1_500, attributes: { attempt: 2, 'http.url': 'https://x/?token=abc' } }] });
    expect(decodeLine(encodeSpanLine(received))).toEqual([received]);
    const own = span();
    expect(JSON.parse(encodeSpanLine(own)).resourceSpans[0].scopeSpans[0].spans[0].kind).toBe(1);
    expect(decodeLine(encodeSpanLine(own))).toEqual([own]);
    expect(redactSpan(new Redactor(), received).events).toEqual([{ name: 'retry', timeUs: 1_500, attributes: { attempt: 2, 'http.url': 'https://x/?token=[REDACTED]' } }]);
  });
});
