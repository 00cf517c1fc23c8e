import * as grpc from '@grpc/grpc-js';
import { createRequire } from 'node:module';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A real OTLP trace receiver for tests: OTLP/HTTP (protobuf and JSON) and
 * OTLP/gRPC, decoded with the OpenTelemetry protobuf schema as generated code
 * (`otlp-proto-schema`, i.e. @opentelemetry/otlp-transformer's root.js), never
 * a hand-written parser. It records every request (headers, gzip, spans) and
 * can misbehave on demand: be down, hang, answer 500, 429 + Retry-After, or
 * reset the connection (after the request, or in the middle of its body). Loopback only; optional TLS (and client certificates).
 */
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const proto = require('otlp-proto-schema/build/src/generated/root.js').opentelemetry.proto as any;
const Request = proto.collector.trace.v1.ExportTraceServiceRequest;
const Response = proto.collector.trace.v1.ExportTraceServiceResponse;
export const GRPC_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  links: Array<{ traceId: string; spanId: string }>;
  events: Array<{ name: string; timeUs: number; attributes: Record<string, unknown> }>;
  startUs: number;
  endUs: number;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  resource: Record<string, unknown>;
  scope: { name: string; version?: string };
}

export interface ReceivedRequest {
  transport: 'http/protobuf' | 'http/json' | 'grpc';
  headers: Record<string, string>;
  gzip: boolean;
  spans: ReceivedSpan[];
}

/** `reset`: the connection is dropped once the request is in; `reset-mid-body`: while its body is still arriving. */
export type Fault = 'hang' | 'reset' | 'reset-mid-body' | { status: 500 } | { status: 429; retryAfterSeconds: number };

export interface TlsFiles {
  key: Buffer;
  cert: Buffer;
  /** Set to require client certificates signed by this CA. */
  clientCa?: Buffer;
}

export class OtlpReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Requests answered with a fault (not recorded as received). */
  faulted = 0;
  /** Of those, connections reset with part of the request body still unread. */
  resetMidBody = 0;
  private faults: Fault[] = [];
  private http?: Server;
  private grpcServer?: grpc.Server;
  private sockets = new Set<Socket>();
  private hung: Array<() => void> = [];

  private constructor(
    readonly protocol: 'http' | 'grpc',
    private readonly tls: TlsFiles | undefined,
    public port: number,
  ) {}

  static async start(protocol: 'http' | 'grpc', options: { tls?: TlsFiles; port?: number } = {}): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver(protocol, options.tls, options.port ?? 0);
    await receiver.up();
    return receiver;
  }

  /** http(s)://127.0.0.1:port — for HTTP the base to which `v1/traces` is appended. */
  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  get spans(): ReceivedSpan[] {
    return this.requests.flatMap((r) => r.spans);
  }

  /** Answer the next `times` requests with `fault`, then behave again. */
  failNext(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault);
  }

  /** Behave again: pending faults are forgotten. */
  recover(): void {
    this.faults = [];
  }

  /** Stop listening (connections refused) and drop open connections; `up()` listens on the same port again. */
  async down(): Promise<void> {
    for (const release of this.hung.splice(0)) release();
    if (this.http) {
      const server = this.http;
      this.http = undefined;
      for (const socket of this.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (this.grpcServer) {
      this.grpcServer.forceShutdown();
      this.grpcServer = undefined;
    }
  }

  async up(): Promise<void> {
    if (this.protocol === 'http') await this.listenHttp();
    else await this.listenGrpc();
  }

  close(): Promise<void> {
    this.recover();
    return this.down();
  }

  private nextFault(): Fault | undefined {
    return this.faults.shift();
  }

  private async listenHttp(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handleHttp(req, res);
    const server = this.tls
      ? createHttpsServer({ key: this.tls.key, cert: this.tls.cert, ...(this.tls.clientCa ? { ca: this.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) }, handler)
      : createHttpServer(handler);
    server.on(this.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.http = server;
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.faults[0] === 'reset-mid-body') return this.resetWhileReading(req);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const fault = this.nextFault();
    if (fault) {
      this.faulted += 1;
      if (fault === 'hang') return void this.hung.push(() => res.destroy());
      if (fault === 'reset' || fault === 'reset-mid-body') return void req.socket.destroy();
      const headers = fault.status === 429 ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      res.writeHead(fault.status, headers).end();
      return;
    }
    if (req.url !== '/v1/traces' && req.url !== '/custom/traces') {
      res.writeHead(404).end();
      return;
    }
    const gzip = req.headers['content-encoding'] === 'gzip';
    const body = gzip ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
    const json = String(req.headers['content-type']).startsWith('application/json');
    const message = json ? Request.fromObject(hexIdsToBase64(JSON.parse(body.toString('utf8')))) : Request.decode(body);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    this.requests.push({ transport: json ? 'http/json' : 'http/protobuf', headers, gzip, spans: normalize(message) });
    if (json) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(Response.encode({}).finish()));
  }

  /** Drops the connection at the first chunk of the body, counting it as mid-body when more was still to come. */
  private resetWhileReading(req: IncomingMessage): void {
    this.nextFault();
    this.faulted += 1;
    req.once('data', (chunk: Buffer) => {
      if (chunk.length < Number(req.headers['content-length'] ?? Infinity)) this.resetMidBody += 1;
      req.socket.destroy();
    });
  }

  private async listenGrpc(): Promise<void> {
    const server = new grpc.Server();
    const definition: grpc.ServiceDefinition = {
      Export: {
        path: GRPC_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: (m: unknown) => Buffer.from(Request.encode(m).finish()),
        requestDeserialize: (b: Buffer) => Request.decode(b),
        responseSerialize: (m: unknown) => Buffer.from(Response.encode(m).finish()),
        responseDeserialize: (b: Buffer) => Response.decode(b),
      },
    };
    server.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const fault = this.nextFault();
        if (fault) {
          this.faulted += 1;
          if (fault === 'hang') return void this.hung.push(() => callback({ code: grpc.status.UNAVAILABLE }));
          const code = fault === 'reset' || fault === 'reset-mid-body' ? grpc.status.UNAVAILABLE : fault.status === 429 ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.INTERNAL;
          return callback({ code, details: 'fault injected by the test receiver' });
        }
        const metadata = call.metadata.getMap();
        const headers = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, String(v)]));
        this.requests.push({ transport: 'grpc', headers, gzip: headers['grpc-encoding'] === 'gzip', spans: normalize(call.request) });
        callback(null, {});
      },
    });
    const credentials = this.tls
      ? grpc.ServerCredentials.createSsl(this.tls.clientCa ?? null, [{ private_key: this.tls.key, cert_chain: this.tls.cert }], Boolean(this.tls.clientCa))
      : grpc.ServerCredentials.createInsecure();
    this.port = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${this.port}`, credentials, (error, port) => (error ? reject(error) : resolve(port))));
    this.grpcServer = server;
  }
}

/** OTLP/JSON writes ids as hex; the protobuf JSON mapping that fromObject speaks wants base64. */
function hexIdsToBase64(request: { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }> }): unknown {
  for (const rs of request.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        for (const holder of [span, ...((span.links as Array<Record<string, unknown>> | undefined) ?? [])]) {
          for (const key of ['traceId', 'spanId', 'parentSpanId']) {
            if (typeof holder[key] === 'string') holder[key] = Buffer.from(holder[key] as string, 'hex').toString('base64');
          }
        }
      }
    }
  }
  return request;
}

const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');
const toUs = (nano: unknown): number => Number(BigInt(String(nano)) / 1000n);

/* eslint-disable @typescript-eslint/no-explicit-any */
function value(v: any): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined && v.stringValue !== null) return v.stringValue;
  if (v.boolValue !== undefined && v.boolValue !== null) return v.boolValue;
  if (v.intValue !== undefined && v.intValue !== null) return Number(String(v.intValue));
  if (v.doubleValue !== undefined && v.doubleValue !== null) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  return undefined;
}

const attributes = (list: any[] | undefined): Record<string, unknown> => Object.fromEntries((list ?? []).map((kv) => [kv.key, value(kv.value)]));

/** A decoded ExportTraceServiceRequest message → flat spans with hex ids and microsecond times. */
function normalize(message: any): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of message.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const parent = hex(s.parentSpanId);
        out.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          ...(parent ? { parentSpanId: parent } : {}),
          ...(s.traceState ? { traceState: s.traceState } : {}),
          name: s.name,
          kind: s.kind,
          links: (s.links ?? []).map((l: any) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId) })),
          events: (s.events ?? []).map((e: any) => ({ name: e.name, timeUs: toUs(e.timeUnixNano), attributes: attributes(e.attributes) })),
          startUs: toUs(s.startTimeUnixNano),
          endUs: toUs(s.endTimeUnixNano),
          attributes: attributes(s.attributes),
          status: { code: s.status?.code ?? 0, ...(s.status?.message ? { message: s.status.message } : {}) },
          resource,
          scope: { name: ss.scope?.name ?? '', ...(ss.scope?.version ? { version: ss.scope.version } : {}) },
        });
      }
    }
  }
  return out;
}
