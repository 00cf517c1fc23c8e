import { loadChunk } from '../../chunks.ts';
import type { CommandResult } from '../../cli/result.ts';
import { VstraceError } from '../../errors.ts';
import { resolveSettings } from '../../config/resolve.ts';
import type * as ReceiveChunk from '../../receive/index.ts';
import type { BatchSink } from '../../receive/otlp-http.ts';
import { type Forwarding, receiverForwarding } from '../../export/forward.ts';
import { Redactor } from '../../redact/redact.ts';
import { SpanIngest } from '../../store/ingest.ts';
import { untilStopped } from '../../process/signals.ts';
import type { Env } from '../../trace/carrier.ts';
import { plural } from '../../plural.ts';
import { stderrLine } from '../../warn.ts';

export interface ServeOptions {
  port: number;
  grpcPort: number;
  host: string;
  /** Accept a --host that other machines can reach. */
  allowRemote: boolean;
}

/** Spans a receiver remembers to store a retried batch once: about 10 MB of keys. */
const DEDUP_WINDOW = 100_000;
/** How long requests already being read get to finish at shutdown. */
const SHUTDOWN_GRACE_MS = 5_000;

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/** A receiver started, or the one-line error for an address it cannot have (a port in use, an address not of this machine). */
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

/**
 * `vstrace serve`: an OTLP receiver (HTTP and gRPC) that stores what it gets in the local
 * store, until SIGINT or SIGTERM. Each span is on disk before its request is
 * answered, so a shutdown loses no span a client was told was accepted.
 */
export async function serveCommand(options: ServeOptions, env: Env): Promise<CommandResult> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new VstraceError('USAGE', `--host ${options.host} is not a loopback address: other machines could send spans with no authentication; add --allow-remote to mean it`);
  }
  const settings = resolveSettings({}, env);
  const ingest = new SpanIngest(settings.store.home, new Redactor(settings.redact.patterns), DEDUP_WINDOW);
  const totals = { stored: 0, duplicates: 0, rejected: 0 };
  const { startOtlpHttp, startOtlpGrpc, DEFAULT_LIMITS } = loadChunk<typeof ReceiveChunk>('receive');
  let forwarding: Forwarding = { kind: 'none' };
  const sink: BatchSink = (spans, rejected) => {
    const count = ingest.store(spans, rejected);
    totals.stored += count.stored;
    totals.duplicates += count.duplicates;
    totals.rejected += count.rejected;
    if (forwarding.kind === 'forward' && count.spans.length > 0) forwarding.forward(count.spans);
    return count;
  };
  const http = await listening(() => startOtlpHttp(options.host, options.port, sink), options.host, options.port, '--port');
  const grpc = await listening(() => startOtlpGrpc(options.host, options.grpcPort, sink, DEFAULT_LIMITS.maxBodyBytes), options.host, options.grpcPort, '--grpc-port');
  const shown = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  forwarding = receiverForwarding(settings, env, options.host, [http.port, grpc.port]);
  if (forwarding.kind === 'forward') stderrLine(`vstrace serve: forwarding what is stored to ${forwarding.label} (the configured exporter)`);
  if (forwarding.kind === 'self') stderrLine(`vstrace serve: not forwarding: the configured exporter (${forwarding.label}) is this receiver`);
  // the warning first: whoever waits for the line with the ports has read it too
  if (!isLoopback(options.host)) stderrLine(`vstrace serve: listening on ${options.host}: reachable from other machines, with no authentication`);
  stderrLine(`vstrace serve: OTLP/HTTP on http://${shown}:${http.port}/v1/traces and OTLP/gRPC on ${shown}:${grpc.port}, storing into ${settings.store.home} (Ctrl-C to stop)`);
  await untilStopped();
  await Promise.all([http.stop(SHUTDOWN_GRACE_MS), grpc.stop(SHUTDOWN_GRACE_MS)]);
  const requests = http.counts.requests + grpc.counts.requests;
  const refused = http.counts.refused + grpc.counts.refused;
  const bad = http.counts.bad + grpc.counts.bad;
  stderrLine(
    `vstrace serve: stopped; ${plural(totals.stored, 'span')} stored from ${plural(requests, 'request')} (${totals.duplicates} duplicate, ${totals.rejected} rejected; ${refused} refused for retry, ${bad} bad)`,
  );
  return { kind: 'none', exitCode: 0 };
}
