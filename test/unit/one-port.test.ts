import { describe, expect, test } from 'vitest';
import { protocolOf } from '../../src/receive/one-port.ts';

const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe("the one-port receiver tells a connection's protocol by its first bytes", () => {
  test('the HTTP/2 preface (gRPC), whole or followed by frames, is http2; any part of it is not yet known', () => {
    expect(protocolOf(bytes(PREFACE))).toBe('http2');
    expect(protocolOf(Buffer.concat([bytes(PREFACE), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]))).toBe('http2');
    for (let n = 0; n < PREFACE.length; n++) expect(protocolOf(bytes(PREFACE.slice(0, n)))).toBeUndefined();
  });

  test.each(['POST /v1/traces HTTP/1.1\r\n', 'PUT / HTTP/1.1\r\n', 'GET / HTTP/1.0\r\n', 'PO', 'X', 'PRI * HTTP/1.1\r\n\r\n', '\x16\x03\x01'])('%j is http1 (the HTTP server answers it)', (first) => {
    expect(protocolOf(bytes(first))).toBe('http1');
  });
});
