import { plural } from '../plural.ts';
import type { Settings } from '../config/schema.ts';
import { describe } from '../errors.ts';
import { encodeSpanLine } from '../store/otlp-json.ts';
import { appendRecord } from '../store/writer.ts';
import type { SpanRecord } from '../trace/span.ts';
import { instant, nowUs } from '../system/clock.ts';
import { traceUrl } from '../view/trace-url.ts';
import { info, isVerbose, stderrLine, warnOnce } from '../warn.ts';
import { describeDestination, resolveDestination } from './destination.ts';
import { kickFlusher } from './flusher-spawn.ts';
import { lockHolder } from './lock.ts';
import { enqueueSpan, listQueued, traceQueued } from './spool.ts';
import { readState } from './state.ts';
import { stuckReason } from './wait-rule.ts';
import { connectCheck } from './connect-check.ts';
import { exportedSpan, type Unredacted } from './exported-span.ts';

/**
 * Hands a span that is already in the local store to its exporter, on the run
 * path, so it stays cheap: local sinks (`console`, `file`) are written inline;
 * OTLP spans are queued in the spool and a background flusher delivers them.
 * Only a root span (the end of a whole job) waits, bounded by
 * `export.rootFlushTimeoutMs`, for its trace to be delivered — so a CI job
 * that ends right after still exports — and not even it when delivery is
 * already stuck (wait-rule.ts). Never throws; never changes the command's outcome.
 */
export async function exportRecorded(settings: Settings, span: SpanRecord, env: NodeJS.ProcessEnv, original?: Unredacted, early?: EarlyCheck): Promise<void> {
  const queuedAtUs = nowUs();
  const root = span.parentSpanId === undefined;
  // A root asks the collector first, so that one known to be absent costs no flusher either.
  const queued = queueRecorded(settings, span, env, { kick: !root, ...(original ? { original } : {}) });
  if (!queued || !root) return;
  const { queue, label } = queued;
  const stuck = stuckDelivery(queue);
  if (stuck) {
    kickFlusher(settings.store.home, queue, settings.export.spool, env);
    return reportStuck(queue, label, span.traceId, stuck);
  }
  if ((await collectorAnswer(queued.url, env, early)) === 'refused') return reportStuck(queue, label, span.traceId, 'the collector refused the connection or its name does not resolve');
  kickFlusher(settings.store.home, queue, settings.export.spool, env);
  const outcome = await waitForTrace(queue, span.traceId, queuedAtUs, settings.export.rootFlushTimeoutMs);
  if (outcome === 'delivered') info(`delivered trace ${span.traceId} to ${label}`);
  else if (outcome === 'timeout') info(`trace ${span.traceId} not delivered to ${label} within ${settings.export.rootFlushTimeoutMs} ms; it stays queued (vstrace flush to retry)`);
  if (outcome !== 'delivered') reportFailing(queue, label);
}

/**
 * The synchronous part, for writers that cannot wait (e.g. `vstrace end`):
 * local sinks written, or the span queued and a flusher started. Returns the
 * OTLP queue the span went to, if any. Never throws.
 */
export function queueRecorded(
  settings: Settings,
  stored: SpanRecord,
  env: NodeJS.ProcessEnv,
  { kick = true, original }: { kick?: boolean; original?: Unredacted } = {},
): { queue: string; label: string; url: string } | undefined {
  if (settings.export.exporter === 'none' || stored.endUs === undefined) return undefined;
  const span = exportedSpan(stored, settings.export, original);
  const resolved = resolveDestination(settings.export);
  if (!resolved.ok) {
    warnOnce('export-config', `${resolved.error.message}; the span is only in the local store`);
    return undefined;
  }
  const destination = resolved.value;
  try {
    switch (destination.kind) {
      case 'none':
        return undefined;
      case 'console':
        stderrLine(encodeSpanLine(span).trimEnd());
        return undefined;
      case 'file':
        appendRecord(destination.path, encodeSpanLine(span), false);
        info(`exported span ${span.spanId} to ${destination.path}`);
        return undefined;
      case 'otlp': {
        const queue = enqueueSpan(settings.store.home, destination, span);
        if (kick) kickFlusher(settings.store.home, queue, settings.export.spool, env);
        const label = describeDestination(destination);
        if (span.parentSpanId) {
          info(`queued span ${span.spanId} for ${label} (a background flusher delivers it)`);
          reportFailing(queue, label);
        } else if (isVerbose()) {
          const url = traceUrl(settings.export.uiUrl, settings.export.exporter, span.traceId);
          if (url) info(`trace ${span.traceId}: ${url}`);
        }
        return { queue, label, url: destination.url };
      }
    }
  } catch (error) {
    warnOnce('export', `could not queue the span for export: ${describe(error)}; it is in the local store`);
    return undefined;
  }
}

/** With --verbose, once per run: why delivery is failing (reads the queue, so only when asked). */
function reportFailing(queue: string, label: string): void {
  if (!isVerbose()) return;
  const last = readState(queue).lastAttempt;
  if (last && !last.ok) info(`export to ${label} is failing: ${last.error ?? 'unknown error'}; ${plural(listQueued(queue).length, 'span')} kept queued (vstrace flush to retry)`);
}

/** Why delivery from the queue is stuck (wait-rule.ts), if it is; an attempt "in flight" under a dead lock holder was killed, not stuck. */
function stuckDelivery(queue: string): string | undefined {
  const state = readState(queue);
  if (state.sending && lockHolder(queue) === undefined) delete state.sending;
  return stuckReason(state, nowUs());
}

function reportStuck(queue: string, label: string, traceId: string, why: string): void {
  if (isVerbose()) info(`not waiting for trace ${traceId}: delivery to ${label} is stuck (${why}); ${plural(listQueued(queue).length, 'span')} kept queued (vstrace flush to retry)`);
}

/**
 * Failures known at once: a refused connection or a name that does not resolve
 * answers a plain TCP connect in a few milliseconds, while the exporter retries
 * them with backoff for most of its timeout. A collector that takes longer to
 * accept than CONNECT_BOUND_MS (hanging, far away) is left to the bounded wait.
 */
/** A connect check begun when the command started (checkCollectorEarly). */
export interface EarlyCheck {
  url: string;
  startedAt: bigint;
  answer: Promise<'refused' | 'unknown'>;
}

/**
 * For a root span, the collector is asked as the command starts, so that net's
 * load and the connect — the resolver's answer, for a name — happen while the
 * command runs instead of after it. Never throws.
 */
export function checkCollectorEarly(settings: Settings, env: NodeJS.ProcessEnv): EarlyCheck | undefined {
  if (settings.export.exporter === 'none') return undefined;
  const resolved = resolveDestination(settings.export);
  if (!resolved.ok || resolved.value.kind !== 'otlp') return undefined;
  const { url } = resolved.value;
  return { url, startedAt: instant(), answer: knownAtOnce(url, env).catch(() => 'unknown' as const) };
}

/**
 * An early answer counts when it was asked less than EARLY_VALID_MS ago: a
 * longer command may itself have started the collector (`docker compose up`),
 * so its end asks again.
 */
const EARLY_VALID_MS = 1_000;

function collectorAnswer(url: string, env: NodeJS.ProcessEnv, early: EarlyCheck | undefined): Promise<'refused' | 'unknown'> {
  const fresh = early && early.url === url && Number(instant() - early.startedAt) / 1e6 <= EARLY_VALID_MS;
  return fresh ? early.answer : knownAtOnce(url, env);
}

const KNOWN_AT_ONCE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;
const CONNECT_BOUND_MS = 250;

async function knownAtOnce(url: string, env: NodeJS.ProcessEnv): Promise<'refused' | 'unknown'> {
  const result = await connectCheck(url, CONNECT_BOUND_MS, env);
  return !result.ok && KNOWN_AT_ONCE.test(result.error) ? 'refused' : 'unknown';
}

const POLL_MS = 10;

/**
 * Waits until no span of the trace is queued (delivered), a delivery attempt
 * that began after this span was queued failed (no point waiting on), or the
 * time is up.
 */
export async function waitForTrace(queue: string, traceId: string, sinceUs: number, timeoutMs: number): Promise<'delivered' | 'failed' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!traceQueued(queue, traceId)) return 'delivered';
    const last = readState(queue).lastAttempt;
    if (last && !last.ok && last.atUs >= sinceUs) return 'failed';
    if (Date.now() >= deadline) return 'timeout';
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
