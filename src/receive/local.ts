import type { Settings } from '../config/schema.ts';
import { VstraceError } from '../errors.ts';
import { type Forwarding, receiverForwarding } from '../export/forward.ts';
import { Redactor } from '../redact/redact.ts';
import { SpanIngest } from '../store/ingest.ts';
import { startOtlpOnePort } from './one-port.ts';
import { startOtlpGrpc } from './otlp-grpc.ts';
import { type BatchSink, DEFAULT_LIMITS, type ReceiverCounts, startOtlpHttp } from './otlp-http.ts';

export interface ReceiverAddress {
  host: string;
  port: number;
  /** Also OTLP/gRPC: on a port of its own, or on `port` with OTLP/HTTP (told apart by each connection's first bytes). */
  grpcPort?: number | 'same';
}

export interface LocalReceivers {
  httpPort: number;
  grpcPort?: number;
  forwarding: Forwarding;
  totals: { stored: number; duplicates: number; rejected: number } & ReceiverCounts;
  /** Stops them (see startOtlpHttp's stop), then sums up what they received. */
  stop(graceMs: number): Promise<void>;
}

/** Spans a receiver remembers to store a retried batch once: about 10 MB of keys. */
const DEDUP_WINDOW = 100_000;

/**
 * OTLP receivers that store what they get in the local store (checked,
 * redacted, stored once) and forward it to the configured exporter: what
 * `vstrace serve` runs, and `vstrace run --collect` for the length of one
 * command. A port in use or an address not of this machine is a VstraceError.
 */
export async function startLocalReceivers(settings: Settings, env: NodeJS.ProcessEnv, address: ReceiverAddress): Promise<LocalReceivers> {
  const ingest = new SpanIngest(settings.store.home, new Redactor(settings.redact.patterns), DEDUP_WINDOW);
  const totals = { stored: 0, duplicates: 0, rejected: 0, requests: 0, refused: 0, bad: 0 };
  let forwarding: Forwarding = { kind: 'none' };
  const sink: BatchSink = (spans, rejected) => {
    const count = ingest.store(spans, rejected);
    totals.stored += count.stored;
    totals.duplicates += count.duplicates;
    totals.rejected += count.rejected;
    if (forwarding.kind === 'forward' && count.spans.length > 0) forwarding.forward(count.spans);
    return count;
  };
  const { host, port, grpcPort } = address;
  const first = await listening(() => (grpcPort === 'same' ? startOtlpOnePort(host, port, sink) : startOtlpHttp(host, port, sink)), host, port, '--port');
  const parts = [first];
  if (typeof grpcPort === 'number') {
    try {
      parts.push(await listening(() => startOtlpGrpc(host, grpcPort, sink, DEFAULT_LIMITS.maxBodyBytes), host, grpcPort, '--grpc-port'));
    } catch (error) {
      await first.stop(0);
      throw error;
    }
  }
  const ports = parts.map((part) => part.port);
  forwarding = receiverForwarding(settings, env, host, ports);
  return {
    httpPort: first.port,
    ...(grpcPort === undefined ? {} : { grpcPort: ports.at(-1)! }),
    forwarding,
    totals,
    async stop(graceMs) {
      await Promise.all(parts.map((part) => part.stop(graceMs)));
      for (const { counts } of parts) {
        totals.requests += counts.requests;
        totals.refused += counts.refused;
        totals.bad += counts.bad;
      }
    },
  };
}

/** A receiver started, or the one-line error for an address it cannot have. */
async function listening<T>(start: () => Promise<T>, host: string, port: number, flag: string): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const text = `${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`;
    if (/EADDRINUSE/.test(text)) throw new VstraceError('USAGE', `port ${port} on ${host} is in use (another collector?): pick another with ${flag}`);
    if (/EADDRNOTAVAIL|ENOTFOUND|EAI_AGAIN/.test(text)) throw new VstraceError('USAGE', `cannot listen on ${host}: give an address of this machine with --host`);
    throw error;
  }
}
