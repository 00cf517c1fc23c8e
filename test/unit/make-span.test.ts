import { describe, expect, it } from 'vitest';
import { buildMakeSpan, type MakeGroupHeader, parseLedger, recipeLine } from '../../src/trace/make-span.ts';

const header: MakeGroupHeader = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), startUs: 1_000, pid: 42, argv: ['make', '-j4'], cwd: '/src' };
const host = { hostName: 'h', arch: 'x64', osType: 'linux', user: 'me' };

describe('the make span, from its ledger', () => {
  it('reads the header and each line, skipping what a torn write left', () => {
    const text = `${JSON.stringify(header)}\n${recipeLine(5_000, false)}garbage\n${recipeLine(9_000, true)}12`;
    expect(parseLedger(text)).toEqual({
      header,
      lines: [
        { endUs: 5_000, failed: false },
        { endUs: 9_000, failed: true },
      ],
    });
    expect(parseLedger('not json\n1 0\n')).toBeUndefined();
    expect(parseLedger(`${JSON.stringify({ ...header, traceId: '../x' })}\n`)).toBeUndefined();
  });

  it('runs from make start to the last line end, failing with the count of failed lines', () => {
    const lines = [
      { endUs: 9_000, failed: true },
      { endUs: 5_000, failed: false },
      { endUs: 7_000, failed: true },
    ];
    const span = buildMakeSpan({ header: { ...header, parentSpanId: 'c'.repeat(16) }, lines, name: 'make', service: 'svc', host, version: '1' });
    expect(span).toMatchObject({
      traceId: header.traceId,
      spanId: header.spanId,
      parentSpanId: 'c'.repeat(16),
      startUs: 1_000,
      endUs: 9_000,
      status: { code: 'error', message: '2 of 3 recipe lines failed' },
    });
    expect(span.attributes).toMatchObject({ 'process.command_args': ['make', '-j4'], 'process.pid': 42, 'vstrace.make.failed_lines': 2, error: true });
    expect(span.resource['service.name']).toBe('svc');
    const ok = buildMakeSpan({ header, lines: [{ endUs: 2_000, failed: false }], name: 'make', service: 'svc', host, version: '1' });
    expect(ok.status).toEqual({ code: 'unset' });
    expect(ok.attributes.error).toBeUndefined();
  });
});
