import { newSpanId, newTraceId } from '../system/random.ts';
import type { SpanRecord } from '../trace/span.ts';
import { nowUs } from '../system/clock.ts';
import { connectCheck } from './connect-check.ts';
import type { OtlpDestination } from './destination.ts';
import { createExporter, exportBatch } from './exporter.ts';
import { checkedAnswer } from './otlp-answer.ts';
import { toReadableSpans } from './readable-span.ts';

/**
 * Sends one real span to a destination and times the round trip: the only
 * honest answer to "does export work from here?" (DNS, TLS, token, proxy,
 * collector all take part), after a plain TCP connect that reports a refused
 * or unresolvable endpoint at once (connect-check.ts). The span is named so
 * nobody mistakes it for work.
 */
export async function probeDestination(destination: OtlpDestination, resource: Record<string, string>): Promise<{ ok: true; ms: number; traceId: string } | { ok: false; ms: number; error: string }> {
  const startUs = nowUs();
  const span: SpanRecord = {
    traceId: newTraceId(),
    spanId: newSpanId(),
    name: 'vstrace doctor: export check',
    startUs,
    endUs: startUs + 1,
    status: { code: 'unset' },
    attributes: { 'vstrace.type': 'check' },
    resource,
  };
  const created = createExporter(destination);
  if (!created.ok) return { ok: false, ms: 0, error: created.error.message };
  let t0 = Date.now();
  const reachable = await connectCheck(destination.url, destination.timeoutMs);
  if (!reachable.ok) {
    await created.value.shutdown().catch(() => {});
    return { ok: false, ms: Date.now() - t0, error: `cannot connect: ${reachable.error}` };
  }
  const exporter = created.value;
  t0 = Date.now(); // the latency reported is the test span's own round trip
  try {
    const result = await checkedAnswer(destination, () => exportBatch(exporter, toReadableSpans([span])));
    const ms = Date.now() - t0;
    return result.ok ? { ok: true, ms, traceId: span.traceId } : { ok: false, ms, error: result.error };
  } finally {
    await exporter.shutdown().catch(() => {});
  }
}
