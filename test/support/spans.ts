import type { SpanRecord } from '../../src/trace/span.ts';

/** A span as `vstrace run` records it, with what a test cares about set and the rest plausible. */
export function makeSpan(o: {
  trace: string;
  span: string;
  parent?: string;
  name?: string;
  type?: string;
  startUs: number;
  durationUs?: number;
  exit?: number;
  signal?: string;
  cpu?: [number, number];
  tags?: Record<string, string>;
  service?: string;
}): SpanRecord {
  const failed = (o.exit ?? 0) !== 0 || o.signal !== undefined;
  return {
    traceId: o.trace.padStart(32, '0'),
    spanId: o.span.padStart(16, '0'),
    ...(o.parent ? { parentSpanId: o.parent.padStart(16, '0') } : {}),
    name: o.name ?? `${o.type ?? 'run'}: step ${o.span}`,
    startUs: o.startUs,
    ...(o.durationUs !== undefined ? { endUs: o.startUs + o.durationUs } : {}),
    status: failed ? { code: 'error', message: o.signal ? `killed by ${o.signal}` : `exit code ${o.exit}` } : { code: 'unset' },
    attributes: {
      ...(o.type ? { 'vstrace.type': o.type } : {}),
      'process.command_args': ['sh', '-c', 'true'],
      ...(o.durationUs !== undefined && !o.signal ? { 'process.exit.code': o.exit ?? 0 } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.cpu ? { 'vstrace.cpu.user_seconds': o.cpu[0], 'vstrace.cpu.system_seconds': o.cpu[1] } : {}),
      ...(failed ? { error: true } : {}),
      ...o.tags,
    },
    resource: { 'service.name': o.service ?? 'vstrace', 'host.name': 'ci-1' },
  };
}
