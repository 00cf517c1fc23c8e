import { createServer, type Socket } from 'node:net';
import { otlpGrpcConnections } from './otlp-grpc.ts';
import { type BatchSink, DEFAULT_LIMITS, headersTimeoutMs, type HttpReceiver, listenOn, otlpHttpServer, type ReceiverCounts, type ReceiverLimits } from './otlp-http.ts';

/** What every HTTP/2 connection opens with, gRPC's included (RFC 9113 §3.4); no HTTP/1.1 request line starts so. */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** The protocol of a connection that opened with `first`, or undefined while those bytes could still be the HTTP/2 preface. */
export function protocolOf(first: Buffer): 'http2' | 'http1' | undefined {
  const n = Math.min(first.length, HTTP2_PREFACE.length);
  if (!first.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n))) return 'http1';
  return n === HTTP2_PREFACE.length ? 'http2' : undefined;
}

/**
 * OTLP/HTTP and OTLP/gRPC on one port, what `run --collect` gives the command:
 * one OTEL_EXPORTER_OTLP_ENDPOINT serves whichever protocol the command's SDK
 * picks. Each connection's first bytes say which it speaks; the socket, those
 * bytes put back, goes to the HTTP server (the documented 'connection' event)
 * or to grpc-js (its connection injector), both with the rules and limits they
 * have on ports of their own. A connection that says nothing is dropped when
 * the HTTP server would drop one that sent no headers.
 */
export async function startOtlpOnePort(host: string, port: number, sink: BatchSink, limits: ReceiverLimits = DEFAULT_LIMITS): Promise<HttpReceiver> {
  const http = otlpHttpServer(sink, limits);
  // The HTTP server starts checking its connections' timeouts (headers, request) when it starts listening,
  // which this one never does: it is told it has, so the connections handed to it are checked as on a port.
  http.server.emit('listening');
  const grpc = otlpGrpcConnections(sink, limits.maxBodyBytes);
  const undecided = new Set<Socket>();
  const front = createServer((socket) => {
    undecided.add(socket);
    let first = Buffer.alloc(0);
    const drop = (): void => {
      socket.destroy();
    };
    const timer = setTimeout(drop, headersTimeoutMs(limits));
    const onData = (chunk: Buffer): void => {
      first = Buffer.concat([first, chunk]);
      const protocol = protocolOf(first);
      if (protocol === undefined) return;
      clearTimeout(timer);
      undecided.delete(socket);
      socket.off('data', onData);
      socket.off('error', drop);
      socket.off('close', forget);
      // Put back before a server takes the socket, which reads them before the next bytes from the network:
      // grpc-js's HTTP/2 session takes what is buffered on its next tick, the HTTP parser once resume() lets it flow.
      socket.pause();
      socket.unshift(first);
      if (protocol === 'http2') return grpc.take(socket);
      http.server.emit('connection', socket);
      socket.resume();
    };
    const forget = (): void => {
      clearTimeout(timer);
      undecided.delete(socket);
    };
    socket.on('data', onData);
    socket.on('error', drop);
    socket.once('close', forget);
  });
  front.maxConnections = 512;
  const bound = await listenOn(front, host, port);
  return {
    port: bound,
    get counts(): ReceiverCounts {
      return { requests: http.counts.requests + grpc.counts.requests, refused: http.counts.refused + grpc.counts.refused, bad: http.counts.bad + grpc.counts.bad };
    },
    async stop(graceMs: number) {
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      for (const socket of undecided) socket.destroy();
      await Promise.all([http.stop(graceMs), grpc.stop(graceMs)]);
      await closed;
    },
  };
}
