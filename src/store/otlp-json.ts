import { VERSION } from '../version.ts';
import type { AttrValue, Attributes, SpanEvent, SpanKindNumber, SpanRecord, StatusCode } from '../trace/span.ts';

/**
 * OTLP/JSON (the protobuf JSON mapping the OpenTelemetry spec fixes: hex ids,
 * integer enums, 64-bit integers as strings). One ExportTraceServiceRequest
 * per line is what the Collector's `otlpjsonfile` receiver reads, so a store
 * is never a lock-in.
 */
type AnyValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number } | { arrayValue: { values: AnyValue[] } };

interface KeyValue {
  key: string;
  value: AnyValue;
}

const SPAN_KIND_INTERNAL = 1;
const STATUS_CODE: Record<StatusCode, number> = { unset: 0, ok: 1, error: 2 };
const STATUS_NAME: StatusCode[] = ['unset', 'ok', 'error'];

export const SCOPE = { name: 'vstrace', version: VERSION };

function encodeValue(value: AttrValue): AnyValue {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

const encodeAttributes = (attrs: Attributes): KeyValue[] => Object.entries(attrs).map(([key, value]) => ({ key, value: encodeValue(value) }));

const usToNano = (us: number): string => (us === 0 ? '0' : `${Math.round(us)}000`);

export function encodeSpan(span: SpanRecord): object {
  return {
    resourceSpans: [
      {
        resource: { attributes: encodeAttributes(span.resource) },
        scopeSpans: [
          {
            scope: SCOPE,
            spans: [
              {
                traceId: span.traceId,
                spanId: span.spanId,
                ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
                ...(span.traceState ? { traceState: span.traceState } : {}),
                name: span.name,
                kind: span.kind ?? SPAN_KIND_INTERNAL,
                startTimeUnixNano: usToNano(span.startUs),
                endTimeUnixNano: usToNano(span.endUs ?? 0),
                attributes: encodeAttributes(span.attributes),
                status: { code: STATUS_CODE[span.status.code], ...(span.status.message ? { message: span.status.message } : {}) },
                ...(span.links?.length ? { links: span.links.map(({ traceId, spanId }) => ({ traceId, spanId })) } : {}),
                ...(span.events?.length ? { events: span.events.map((e) => ({ timeUnixNano: usToNano(e.timeUs), name: e.name, attributes: encodeAttributes(e.attributes) })) } : {}),
              },
            ],
          },
        ],
      },
    ],
  };
}

export const encodeSpanLine = (span: SpanRecord): string => `${JSON.stringify(encodeSpan(span))}\n`;

/* ---------- decoding: tolerant of any valid OTLP/JSON, strict about shape ---------- */

function decodeValue(value: unknown): AttrValue | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (typeof v.doubleValue === 'number') return v.doubleValue;
  const values = (v.arrayValue as { values?: unknown[] } | undefined)?.values;
  if (Array.isArray(values)) return values.map((x) => String(decodeValue(x) ?? ''));
  return undefined;
}

function decodeAttributes(list: unknown): Attributes {
  const attrs: Attributes = {};
  if (!Array.isArray(list)) return attrs;
  for (const kv of list as Array<{ key?: unknown; value?: unknown }>) {
    const value = decodeValue(kv?.value);
    if (typeof kv?.key === 'string' && value !== undefined) attrs[kv.key] = value;
  }
  return attrs;
}

/** Nanoseconds (string or number) to integer microseconds, without losing precision through a double. */
function nanoToUs(nano: unknown): number {
  const text = String(nano ?? '0');
  if (!/^\d+$/.test(text)) return Number.NaN;
  return text.length <= 3 ? 0 : Number(text.slice(0, -3));
}

const HEX_ID = /^[0-9a-f]+$/;

/** Every span in one line; throws on anything that is not an OTLP/JSON trace request. */
export const decodeLine = (line: string): SpanRecord[] => decodeRequest(JSON.parse(line));

/**
 * Every span of a decoded ExportTraceServiceRequest. A request without
 * `resourceSpans` throws; so does a bad span, unless `onRejected` is given:
 * then that span is left out and its reason passed on (OTLP's partial success).
 */
export function decodeRequest(request: unknown, onRejected?: (reason: string) => void): SpanRecord[] {
  const resourceSpans = request !== null && typeof request === 'object' ? (request as { resourceSpans?: unknown }).resourceSpans : undefined;
  if (!Array.isArray(resourceSpans)) throw new Error('no resourceSpans');
  const out: SpanRecord[] = [];
  for (const rs of resourceSpans as Array<Record<string, unknown> | null>) {
    const resource = decodeAttributes((rs?.resource as { attributes?: unknown } | undefined)?.attributes);
    for (const ss of (rs?.scopeSpans ?? []) as Array<{ spans?: unknown[] } | null>) {
      for (const raw of (ss?.spans ?? []) as Array<Record<string, unknown>>) {
        if (!onRejected) out.push(decodeSpan(raw, resource));
        else {
          try {
            out.push(decodeSpan(raw ?? {}, resource));
          } catch (error) {
            onRejected((error as Error).message);
          }
        }
      }
    }
  }
  return out;
}

function decodeSpan(raw: Record<string, unknown>, resource: Attributes): SpanRecord {
  const { traceId, spanId, parentSpanId, name } = raw;
  if (typeof traceId !== 'string' || !HEX_ID.test(traceId) || typeof spanId !== 'string' || !HEX_ID.test(spanId)) {
    throw new Error('span without hex traceId/spanId');
  }
  const startUs = nanoToUs(raw.startTimeUnixNano);
  const endUs = nanoToUs(raw.endTimeUnixNano);
  if (Number.isNaN(startUs) || Number.isNaN(endUs)) throw new Error('span times are not integers');
  // Beyond 2^53 µs (the year 2255) a time is no longer exact, and far beyond it not even a Date.
  if (!Number.isSafeInteger(startUs) || !Number.isSafeInteger(endUs)) throw new Error('span times out of range');
  const status = (raw.status ?? {}) as { code?: unknown; message?: unknown };
  const code = STATUS_NAME[Number(status.code ?? 0)] ?? 'unset';
  return {
    traceId,
    spanId,
    ...(typeof parentSpanId === 'string' && parentSpanId !== '' ? { parentSpanId } : {}),
    ...(typeof raw.traceState === 'string' && raw.traceState !== '' ? { traceState: raw.traceState } : {}),
    name: typeof name === 'string' ? name : '',
    startUs,
    ...(endUs > 0 ? { endUs } : {}),
    status: typeof status.message === 'string' ? { code, message: status.message } : { code },
    attributes: decodeAttributes(raw.attributes),
    resource,
    ...decodeLinks(raw.links),
    ...decodeKind(raw.kind),
    ...decodeEvents(raw.events),
  };
}

/** Internal (1) is the default and is left out: vstrace's own spans decode as they were made. */
function decodeKind(kind: unknown): Pick<SpanRecord, 'kind'> {
  const n = Number(kind);
  return Number.isInteger(n) && n >= 2 && n <= 5 ? { kind: n as SpanKindNumber } : {};
}

function decodeEvents(list: unknown): Pick<SpanRecord, 'events'> {
  if (!Array.isArray(list) || list.length === 0) return {};
  const events: SpanEvent[] = [];
  for (const raw of list as Array<Record<string, unknown> | null>) {
    const timeUs = nanoToUs(raw?.timeUnixNano);
    if (!raw || !Number.isSafeInteger(timeUs)) continue;
    events.push({ name: typeof raw.name === 'string' ? raw.name : '', timeUs, attributes: decodeAttributes(raw.attributes) });
  }
  return events.length > 0 ? { events } : {};
}

function decodeLinks(list: unknown): Pick<SpanRecord, 'links'> {
  if (!Array.isArray(list)) return {};
  const links = (list as Array<Record<string, unknown>>).flatMap(({ traceId, spanId }) =>
    typeof traceId === 'string' && HEX_ID.test(traceId) && typeof spanId === 'string' && HEX_ID.test(spanId) ? [{ traceId, spanId }] : [],
  );
  return links.length > 0 ? { links } : {};
}
