import { logVerbosity, type sendUnaryData, Server, type ServerUnaryCall, ServerCredentials, type ServiceDefinition, setLogVerbosity, status } from '@grpc/grpc-js';
import type { Duplex } from 'node:stream';
import { describe } from '../errors.ts';
import { decodeRequest } from '../store/otlp-json.ts';
import type { SpanRecord } from '../trace/span.ts';
import type { BatchSink, ReceiverCounts } from './otlp-http.ts';
import { partialSuccessMessage } from './otlp-http.ts';
import { protobufRequestAsJson, protobufResponse } from './otlp-proto.ts';

export const GRPC_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export interface GrpcReceiver {
  readonly port: number;
  readonly counts: ReceiverCounts;
  /** Stops taking calls, lets those under way finish for up to `graceMs`, then cancels what is left (nothing accepted). */
  stop(graceMs: number): Promise<void>;
}

/** OTLP/gRPC on a port of its own (`vstrace serve`'s --grpc-port). */
export async function startOtlpGrpc(host: string, port: number, sink: BatchSink, maxMessageBytes: number): Promise<GrpcReceiver> {
  const { server, counts, stop } = exportServer(sink, maxMessageBytes);
  const address = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => server.bindAsync(address, ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
  return { port: bound, counts, stop };
}

/** OTLP/gRPC on connections accepted elsewhere (the one-port receiver's HTTP/2 ones): each is handed over with `take`. */
export function otlpGrpcConnections(sink: BatchSink, maxMessageBytes: number): Omit<GrpcReceiver, 'port'> & { take(connection: Duplex): void } {
  const { server, counts, stop } = exportServer(sink, maxMessageBytes);
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  return { counts, stop, take: (connection) => injector.injectConnection(connection) };
}

/**
 * OTLP/gRPC: `TraceService/Export`, by the specification's rules. The
 * message is decoded here (not by grpc-js) so a bad one is INVALID_ARGUMENT
 * with the reason; a partial success names the spans rejected; a message over
 * `maxMessageBytes` is RESOURCE_EXHAUSTED (grpc-js refuses it before the
 * handler); UNAVAILABLE, which exporters retry, when the store cannot be
 * written or the receiver is stopping. gzip and deflate messages are
 * decompressed by grpc-js. As over HTTP, spans are stored before the answer.
 */
function exportServer(sink: BatchSink, maxMessageBytes: number): { server: Server } & Omit<GrpcReceiver, 'port'> {
  const counts: ReceiverCounts = { requests: 0, refused: 0, bad: 0 };
  let stopping = false;
  // grpc-js would print its own lines on stderr (a port in use): vstrace says it once, in its words
  setLogVerbosity(logVerbosity.NONE);
  const server = new Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    // a stream per call: bounds the messages a connection can have buffered at once
    'grpc.max_concurrent_streams': 16,
  });
  const definition: ServiceDefinition = {
    Export: {
      path: GRPC_EXPORT_PATH,
      requestStream: false,
      responseStream: false,
      requestSerialize: (m: Buffer) => m,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (m: Uint8Array) => Buffer.from(m),
      responseDeserialize: (b: Buffer) => b,
    },
  };
  server.addService(definition, {
    Export: (call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>) => {
      counts.requests += 1;
      const refuse = (code: status, details: string): void => {
        if (code === status.UNAVAILABLE) counts.refused += 1;
        else counts.bad += 1;
        callback({ code, details });
      };
      if (stopping) return refuse(status.UNAVAILABLE, 'the receiver is shutting down: retry');
      const rejected: string[] = [];
      let spans: SpanRecord[];
      try {
        spans = decodeRequest(protobufRequestAsJson(call.request), (reason) => rejected.push(reason));
      } catch (error) {
        return refuse(status.INVALID_ARGUMENT, `the message is not an OTLP trace export: ${describe(error)}`);
      }
      let stored: ReturnType<BatchSink>;
      try {
        stored = sink(spans, rejected);
      } catch (error) {
        return refuse(status.UNAVAILABLE, `the spans could not be stored (${describe(error)}): retry`);
      }
      callback(null, protobufResponse(stored.rejected, partialSuccessMessage(stored)));
    },
  });
  return {
    server,
    counts,
    async stop(graceMs: number) {
      stopping = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
