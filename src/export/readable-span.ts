import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type SpanStatus } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { SCOPE } from '../store/otlp-json.ts';
import type { SpanRecord, StatusCode } from '../trace/span.ts';

/**
 * Our SpanRecord as the OpenTelemetry SDK's ReadableSpan, so the official OTLP
 * exporters encode it: our own ids, parent, microsecond times, status,
 * attributes and resource travel unchanged (no tracer, no new ids). Spans with
 * the same resource share one Resource object, so a batch encodes as few
 * ResourceSpans as it has distinct resources.
 */
const STATUS: Record<StatusCode, SpanStatusCode> = { unset: SpanStatusCode.UNSET, ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR };

export const usToHrTime = (us: number): HrTime => [Math.floor(us / 1e6), (us % 1e6) * 1000];

export function toReadableSpans(records: readonly SpanRecord[]): ReadableSpan[] {
  const resources = new Map<string, Resource>();
  return records.map((record) => {
    const key = JSON.stringify(record.resource);
    let resource = resources.get(key);
    if (!resource) resources.set(key, (resource = resourceFromAttributes(record.resource)));
    return toReadableSpan(record, resource);
  });
}

export function toReadableSpan(record: SpanRecord, resource: Resource = resourceFromAttributes(record.resource)): ReadableSpan {
  if (record.endUs === undefined) throw new Error(`span ${record.spanId} is still open`);
  const traceState = record.traceState ? new TraceState(record.traceState) : undefined;
  const context = { traceId: record.traceId, spanId: record.spanId, traceFlags: TraceFlags.SAMPLED, ...(traceState ? { traceState } : {}) };
  const status: SpanStatus = { code: STATUS[record.status.code], ...(record.status.message ? { message: record.status.message } : {}) };
  return {
    name: record.name,
    kind: record.kind === undefined ? SpanKind.INTERNAL : ((record.kind - 1) as SpanKind),
    spanContext: () => context,
    ...(record.parentSpanId ? { parentSpanContext: { traceId: record.traceId, spanId: record.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true } } : {}),
    startTime: usToHrTime(record.startUs),
    endTime: usToHrTime(record.endUs),
    duration: usToHrTime(Math.max(0, record.endUs - record.startUs)),
    status,
    attributes: record.attributes as Attributes,
    links: (record.links ?? []).map((link) => ({ context: { traceId: link.traceId, spanId: link.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true }, attributes: {}, droppedAttributesCount: 0 })),
    events: (record.events ?? []).map((e) => ({ name: e.name, time: usToHrTime(e.timeUs), attributes: e.attributes as Attributes, droppedAttributesCount: 0 })),
    ended: true,
    resource,
    instrumentationScope: SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
