import schema from 'otlp-proto-schema/build/src/generated/root.js';

/**
 * OTLP protobuf, through the OpenTelemetry schema as generated code (the
 * `otlp-proto-schema` package: @opentelemetry/otlp-transformer's root.js),
 * never a hand-written parser of requests. Heavy: only the `receive` chunk
 * loads it.
 */
interface MessageType {
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: object): Record<string, unknown>;
  fromObject(object: object): unknown;
  encode(message: unknown): { finish(): Uint8Array };
}

const trace = (schema as unknown as { opentelemetry: { proto: { collector: { trace: { v1: Record<string, MessageType> } } } } }).opentelemetry.proto.collector.trace.v1;
const Request = trace.ExportTraceServiceRequest!;
const Response = trace.ExportTraceServiceResponse!;

const toHex = (holder: Record<string, unknown>, key: string): void => {
  if (typeof holder[key] === 'string') holder[key] = Buffer.from(holder[key] as string, 'base64').toString('hex');
};

/**
 * An ExportTraceServiceRequest as OTLP/JSON would spell it (hex ids, 64-bit
 * integers as strings, enums as numbers), so one decoder (store/otlp-json.ts)
 * reads both encodings. Throws with protobufjs's reason on bytes that do not decode.
 */
export function protobufRequestAsJson(bytes: Uint8Array): unknown {
  const object = Request.toObject(Request.decode(bytes), { longs: String, enums: Number, bytes: String });
  for (const rs of (object.resourceSpans ?? []) as Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        for (const holder of [span, ...((span.links as Array<Record<string, unknown>> | undefined) ?? [])]) {
          toHex(holder, 'traceId');
          toHex(holder, 'spanId');
          toHex(holder, 'parentSpanId');
        }
      }
    }
  }
  return object;
}

/** An ExportTraceServiceResponse: empty, or a partial success naming how many spans were rejected and why. */
export function protobufResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  return Response.encode(Response.fromObject(rejectedSpans > 0 ? { partialSuccess: { rejectedSpans, errorMessage } } : {})).finish();
}

/**
 * A google.rpc.Status (code 1, message 2): the body OTLP/HTTP gives an error
 * response. Two fields, so written by hand rather than loading a second schema.
 */
export function protobufStatus(code: number, message: string): Uint8Array {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08, code]), Buffer.from([0x12]), varint(text.length), text]);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      bytes.push(v);
      break;
    }
    bytes.push((v % 128) | 0x80);
  }
  return Buffer.from(bytes);
}
