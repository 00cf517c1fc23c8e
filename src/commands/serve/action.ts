import { loadChunk } from '../../chunks.ts';
import type { CommandResult } from '../../cli/result.ts';
import { resolveSettings } from '../../config/resolve.ts';
import { VstraceError } from '../../errors.ts';
import { plural } from '../../plural.ts';
import { untilStopped } from '../../process/signals.ts';
import type * as ReceiveChunk from '../../receive/index.ts';
import type { Env } from '../../trace/carrier.ts';
import { stderrLine } from '../../warn.ts';

export interface ServeOptions {
  port: number;
  grpcPort: number;
  host: string;
  /** Accept a --host that other machines can reach. */
  allowRemote: boolean;
}

/** How long requests already being read get to finish at shutdown. */
const SHUTDOWN_GRACE_MS = 5_000;

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/**
 * `vstrace serve`: OTLP receivers (HTTP and gRPC) that store what they get in
 * the local store, until SIGINT or SIGTERM. Each span is on disk before its
 * request is answered, so a shutdown loses no span a client was told was accepted.
 */
export async function serveCommand(options: ServeOptions, env: Env): Promise<CommandResult> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new VstraceError('USAGE', `--host ${options.host} is not a loopback address: other machines could send spans with no authentication; add --allow-remote to mean it`);
  }
  const settings = resolveSettings({}, env);
  const { startLocalReceivers } = loadChunk<typeof ReceiveChunk>('receive');
  const receivers = await startLocalReceivers(settings, env, { host: options.host, port: options.port, grpcPort: options.grpcPort });
  const { forwarding } = receivers;
  if (forwarding.kind === 'forward') stderrLine(`vstrace serve: forwarding what is stored to ${forwarding.label} (the configured exporter)`);
  if (forwarding.kind === 'self') stderrLine(`vstrace serve: not forwarding: the configured exporter (${forwarding.label}) is this receiver`);
  // the warning before the line with the ports: whoever waits for that line has read it too
  if (!isLoopback(options.host)) stderrLine(`vstrace serve: listening on ${options.host}: reachable from other machines, with no authentication`);
  const shown = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  stderrLine(`vstrace serve: OTLP/HTTP on http://${shown}:${receivers.httpPort}/v1/traces and OTLP/gRPC on ${shown}:${receivers.grpcPort}, storing into ${settings.store.home} (Ctrl-C to stop)`);
  await untilStopped();
  await receivers.stop(SHUTDOWN_GRACE_MS);
  const { stored, duplicates, rejected, requests, refused, bad } = receivers.totals;
  stderrLine(`vstrace serve: stopped; ${plural(stored, 'span')} stored from ${plural(requests, 'request')} (${duplicates} duplicate, ${rejected} rejected; ${refused} refused for retry, ${bad} bad)`);
  return { kind: 'none', exitCode: 0 };
}
