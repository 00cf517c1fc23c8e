import type { Settings } from '../config/schema.ts';
import type { SpanRecord } from '../trace/span.ts';
import { queueRecorded } from './deliver.ts';
import { describeDestination, resolveDestination } from './destination.ts';
import { kickFlusher } from './flusher-spawn.ts';

/** Where a receiver's spans go on from the store, as `vstrace run`'s do: the configured exporter. */
export type Forwarding = { kind: 'none' } | { kind: 'self'; label: string } | { kind: 'forward'; label: string; forward: (spans: readonly SpanRecord[]) => void };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0', '[::]']);

/**
 * The configured exporter, for spans a receiver stored: queued in the spool
 * and delivered by the background flusher, once per batch kicked — unless it
 * is this receiver itself (a shell that exports OTEL_EXPORTER_OTLP_ENDPOINT
 * for its tools gives vstrace the same endpoint), which would send every span
 * back to where it came from.
 */
export function receiverForwarding(settings: Settings, env: NodeJS.ProcessEnv, host: string, ports: readonly number[]): Forwarding {
  if (settings.export.exporter === 'none') return { kind: 'none' };
  const resolved = resolveDestination(settings.export);
  if (!resolved.ok || resolved.value.kind === 'none') return { kind: 'none' };
  const destination = resolved.value;
  const label = describeDestination(destination);
  if (destination.kind === 'otlp') {
    let url: URL | undefined;
    try {
      url = new URL(destination.url.includes('://') ? destination.url : `http://${destination.url}`);
    } catch {
      url = undefined;
    }
    const port = Number(url?.port || (url?.protocol === 'https:' ? 443 : 80));
    if (url && (LOOPBACK_NAMES.has(url.hostname) || url.hostname === host) && ports.includes(port)) return { kind: 'self', label };
  }
  return {
    kind: 'forward',
    label,
    forward(spans) {
      const queues = new Set<string>();
      for (const span of spans) {
        const queued = queueRecorded(settings, span, env, { kick: false });
        if (queued) queues.add(queued.queue);
      }
      for (const queue of queues) kickFlusher(settings.store.home, queue, settings.export.spool, env);
    },
  };
}
