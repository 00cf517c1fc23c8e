import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { describe } from '../errors.ts';
import { plural } from '../plural.ts';
import { decodeRequest } from '../store/otlp-json.ts';
import type { SpanRecord } from '../trace/span.ts';
import { bodyEncoding, type BodyEncoding, compression, decompress, TooLarge } from './body.ts';
import { protobufRequestAsJson, protobufResponse, protobufStatus } from './otlp-proto.ts';

export const TRACES_PATH = '/v1/traces';

/** What the receiver does with the spans of one decoded request; throws when they cannot be stored (the client is told to retry). */
export type BatchSink = (spans: SpanRecord[], rejectedReasons: string[]) => { rejected: number; reasons: string[] };

export interface ReceiverLimits {
  /** Largest body, before and after decompression (413 past it). */
  maxBodyBytes: number;
  /** Bodies being read at once, all requests together (429 past it): with one decoded body at a time, what bounds memory. */
  inFlightBytes: number;
  /** A request whose body has not arrived by then is dropped (408): a client sending a byte a second holds nothing for long. */
  requestTimeoutMs: number;
}

/** 4 MiB a body, as the Collector's gRPC receiver takes by default (an SDK's batch of 512 spans is a few hundred KB). */
export const DEFAULT_LIMITS: ReceiverLimits = { maxBodyBytes: 4 * 1024 * 1024, inFlightBytes: 16 * 1024 * 1024, requestTimeoutMs: 30_000 };

/** How long a connection has to send a request's headers. */
export const headersTimeoutMs = (limits: ReceiverLimits): number => Math.min(10_000, limits.requestTimeoutMs);

export interface ReceiverCounts {
  requests: number;
  /** Answered 429 or 503: the client keeps the spans and retries. */
  refused: number;
  /** Answered 4xx other than 429: the request was bad. */
  bad: number;
}

export interface HttpReceiver {
  readonly port: number;
  readonly counts: ReceiverCounts;
  /** Stops listening, lets requests being read finish for up to `graceMs`, then drops what is left (nothing accepted). */
  stop(graceMs: number): Promise<void>;
}

/** How much of a refused body is read (and dropped) before the connection is cut, in maximum bodies. */
const DISCARD_LIMIT_FACTOR = 4;

/** google.rpc.Code values OTLP/HTTP error bodies carry. */
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const UNAVAILABLE = 14;

/** OTLP/HTTP on a port of its own (`vstrace serve`'s). */
export async function startOtlpHttp(host: string, port: number, sink: BatchSink, limits: ReceiverLimits = DEFAULT_LIMITS): Promise<HttpReceiver> {
  const { server, counts, stop } = otlpHttpServer(sink, limits);
  return { port: await listenOn(server, host, port), counts, stop };
}

/** Listens, and says on which port (the one the system chose for port 0). */
export function listenOn(server: NetServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * OTLP/HTTP on `/v1/traces`, by the specification's rules: protobuf or JSON,
 * gzip or deflate; 200 with a partial success naming the spans rejected;
 * 400 with the reason for a body that does not decode; 413 past the size
 * limit; 415 for another content type or encoding; 429 (bodies in flight past
 * their budget) and 503 (the store cannot be written, or shutting down) with
 * Retry-After. A span is stored before its request is answered 200, so a
 * response of success means the span is on disk. The server is not listening:
 * startOtlpHttp puts it on a port; the one-port receiver hands it connections.
 */
export function otlpHttpServer(sink: BatchSink, limits: ReceiverLimits = DEFAULT_LIMITS): { server: Server; counts: ReceiverCounts; stop: HttpReceiver['stop'] } {
  const counts: ReceiverCounts = { requests: 0, refused: 0, bad: 0 };
  let inFlight = 0;
  let active = 0;
  let stopping = false;
  let drained: (() => void) | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    counts.requests += 1;
    active += 1;
    res.once('close', () => {
      active -= 1;
      if (active === 0) drained?.();
    });
    const encoding = bodyEncoding(req.headers['content-type']);
    const reply = (status: number, code: number, message: string, headers: Record<string, string> = {}): void => {
      if (status === 429 || status === 503) counts.refused += 1;
      else counts.bad += 1;
      const body = encoding === 'protobuf' ? protobufStatus(code, message) : JSON.stringify({ code, message });
      const send = (): void => {
        res.writeHead(status, { 'content-type': encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json', ...(stopping ? { connection: 'close' } : {}), ...headers }).end(body);
      };
      // Node closes a connection answered before its request was read whole, and a client still sending
      // would meet a broken pipe, not the answer: the rest of a refused body is read and dropped (never
      // kept) first. One far past the limit is answered at once and cut off.
      if (req.complete) return send();
      let discarded = 0;
      if (Number(req.headers['content-length'] ?? 0) > DISCARD_LIMIT_FACTOR * limits.maxBodyBytes) {
        send();
        res.once('finish', () => req.socket.destroy());
        return;
      }
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > DISCARD_LIMIT_FACTOR * limits.maxBodyBytes) req.socket.destroy();
      });
      req.once('end', send);
      req.resume();
    };
    if (stopping) return reply(503, UNAVAILABLE, 'the receiver is shutting down: retry', { 'retry-after': '1' });
    if ((req.url ?? '').split('?')[0] !== TRACES_PATH) return reply(404, INVALID_ARGUMENT, `no such path: OTLP traces go to ${TRACES_PATH}`);
    if (req.method !== 'POST') return reply(405, INVALID_ARGUMENT, `${TRACES_PATH} takes POST`, { allow: 'POST' });
    if (!encoding) return reply(415, INVALID_ARGUMENT, `content-type ${JSON.stringify(req.headers['content-type'] ?? '')} is not OTLP: send application/x-protobuf or application/json`);
    const how = compression(req.headers['content-encoding']);
    if (!how) return reply(415, INVALID_ARGUMENT, `content-encoding ${JSON.stringify(req.headers['content-encoding'])} is not supported: send gzip, deflate or none`);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limits.maxBodyBytes) return reply(413, INVALID_ARGUMENT, `the body is ${declared} bytes: at most ${limits.maxBodyBytes} per request (send smaller batches)`);
    if (inFlight + declared > limits.inFlightBytes) return reply(429, RESOURCE_EXHAUSTED, 'too many bytes in flight: retry', { 'retry-after': '1' });

    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const release = (): void => {
      inFlight -= size;
      size = 0;
    };
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      inFlight += chunk.length;
      if (size > limits.maxBodyBytes || inFlight > limits.inFlightBytes) {
        refused = true;
        const tooBig = size > limits.maxBodyBytes;
        release();
        chunks.length = 0;
        if (tooBig) reply(413, INVALID_ARGUMENT, `the body is over ${limits.maxBodyBytes} bytes (send smaller batches)`);
        else reply(429, RESOURCE_EXHAUSTED, 'too many bytes in flight: retry', { 'retry-after': '1' });
        return;
      }
      chunks.push(chunk);
    });
    req.once('error', release);
    req.once('aborted', release);
    req.once('end', () => {
      if (refused) return;
      const body = Buffer.concat(chunks);
      chunks.length = 0;
      try {
        respond(res, encoding, receive(body, how, encoding), reply);
      } finally {
        release();
      }
    });
  };

  /** The decoded spans stored, or the error answer. */
  const receive = (body: Buffer, how: Parameters<typeof decompress>[1], encoding: BodyEncoding): Outcome => {
    let request: unknown;
    try {
      const plain = decompress(body, how, limits.maxBodyBytes);
      request = encoding === 'json' ? JSON.parse(plain.toString('utf8')) : protobufRequestAsJson(plain);
    } catch (error) {
      if (error instanceof TooLarge) return { status: 413, message: `the body is over ${limits.maxBodyBytes} bytes once decompressed (send smaller batches)` };
      return { status: 400, message: `the body is not an OTLP ${encoding === 'json' ? 'JSON' : 'protobuf'} trace export: ${describe(error)}` };
    }
    const rejected: string[] = [];
    let spans: SpanRecord[];
    try {
      spans = decodeRequest(request, (reason) => rejected.push(reason));
    } catch (error) {
      return { status: 400, message: `the body is not an OTLP trace export: ${describe(error)}` };
    }
    try {
      return { status: 200, ...sink(spans, rejected) };
    } catch (error) {
      return { status: 503, message: `the spans could not be stored (${describe(error)}): retry` };
    }
  };

  const server = createServer({ requestTimeout: limits.requestTimeoutMs, headersTimeout: headersTimeoutMs(limits), keepAliveTimeout: 5_000 }, handle);
  server.maxConnections = 512;
  return {
    server,
    counts,
    async stop(graceMs: number) {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (active > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

type Outcome = { status: 200; rejected: number; reasons: string[] } | { status: 400 | 413 | 503; message: string };

function respond(res: ServerResponse, encoding: BodyEncoding, outcome: Outcome, reply: (status: number, code: number, message: string, headers?: Record<string, string>) => void): void {
  if (outcome.status === 503) return reply(503, UNAVAILABLE, outcome.message, { 'retry-after': '5' });
  if (outcome.status !== 200) return reply(outcome.status, INVALID_ARGUMENT, outcome.message);
  const message = partialSuccessMessage(outcome);
  if (encoding === 'protobuf') {
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(protobufResponse(outcome.rejected, message));
    return;
  }
  const body = outcome.rejected > 0 ? { partialSuccess: { rejectedSpans: String(outcome.rejected), errorMessage: message } } : {};
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A partial success's error message: how many spans were rejected, and the first reasons. */
export const partialSuccessMessage = ({ rejected, reasons }: { rejected: number; reasons: string[] }): string => (rejected > 0 ? `${plural(rejected, 'span')} rejected: ${reasons.join('; ')}` : '');
