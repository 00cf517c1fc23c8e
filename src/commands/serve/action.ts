import { loadChunk } from '../../chunks.ts';
import type { CommandResult } from '../../cli/result.ts';
import { VstraceError } from '../../errors.ts';
import { resolveSettings } from '../../config/resolve.ts';
import type * as ReceiveChunk from '../../receive/index.ts';
import { Redactor } from '../../redact/redact.ts';
import { SpanIngest } from '../../store/ingest.ts';
import { untilStopped } from '../../process/signals.ts';
import type { Env } from '../../trace/carrier.ts';
import { plural } from '../../plural.ts';
import { stderrLine } from '../../warn.ts';

export interface ServeOptions {
  port: number;
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

/**
 * `vstrace serve`: an OTLP/HTTP receiver that stores what it gets in the local
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
  const { startOtlpHttp } = loadChunk<typeof ReceiveChunk>('receive');
  let receiver: Awaited<ReturnType<typeof startOtlpHttp>>;
  try {
    receiver = await startOtlpHttp(options.host, options.port, (spans, rejected) => {
      const count = ingest.store(spans, rejected);
      totals.stored += count.stored;
      totals.duplicates += count.duplicates;
      totals.rejected += count.rejected;
      return count;
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new VstraceError('USAGE', `port ${options.port} on ${options.host} is in use (another collector?): pick another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new VstraceError('USAGE', `cannot listen on ${options.host}: give an address of this machine with --host`);
    throw error;
  }
  const shown = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  stderrLine(`vstrace serve: OTLP/HTTP on http://${shown}:${receiver.port}/v1/traces, storing into ${settings.store.home} (Ctrl-C to stop)`);
  if (!isLoopback(options.host)) stderrLine(`vstrace serve: listening on ${options.host}: reachable from other machines, with no authentication`);
  await untilStopped();
  await receiver.stop(SHUTDOWN_GRACE_MS);
  const { requests, refused, bad } = receiver.counts;
  stderrLine(
    `vstrace serve: stopped; ${plural(totals.stored, 'span')} stored from ${plural(requests, 'request')} (${totals.duplicates} duplicate, ${totals.rejected} rejected; ${refused} refused for retry, ${bad} bad)`,
  );
  return { kind: 'none', exitCode: 0 };
}
