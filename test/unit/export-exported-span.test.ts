import { describe, expect, it } from 'vitest';
import { exportedSpan } from '../../src/export/exported-span.ts';
import type { SpanRecord } from '../../src/trace/span.ts';

const stored: SpanRecord = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  name: 'deploy',
  startUs: 1,
  endUs: 2,
  status: { code: 'unset' },
  attributes: { 'process.executable.name': 'deploy', 'process.command_args': ['deploy', '--token', '[REDACTED]'], db_pw: '[REDACTED]', team: 'infra' },
  resource: { 'service.name': 'ci' },
};
const original = { argv: ['deploy', '--token', 't0k3n'], tags: { db_pw: 'pw', team: 'infra' } };

describe('exportedSpan: what leaves the machine', () => {
  it('redacted: the stored span itself', () => {
    expect(exportedSpan(stored, { commandArgs: 'redacted', tags: 'redacted' }, original)).toBe(stored);
  });

  it('executable and keys: a count for the arguments, names for the tags; the stored span is not changed', () => {
    const out = exportedSpan(stored, { commandArgs: 'executable', tags: 'keys' }, original);
    expect(out.attributes).toEqual({ 'process.executable.name': 'deploy', 'process.args_count': 3, db_pw: '[REDACTED]', team: '[REDACTED]' });
    expect(stored.attributes['process.command_args']).toEqual(['deploy', '--token', '[REDACTED]']);
  });

  it('full without the original (a span recorded by another process): exported as stored', () => {
    expect(exportedSpan(stored, { commandArgs: 'full', tags: 'full' }).attributes).toEqual(stored.attributes);
  });

  it('a span without arguments (vstrace start/end) keeps its attributes under executable', () => {
    const { 'process.command_args': _, ...withoutArgs } = stored.attributes;
    const span = { ...stored, attributes: withoutArgs };
    expect(exportedSpan(span, { commandArgs: 'executable', tags: 'redacted' }).attributes).toEqual(withoutArgs);
  });
});
