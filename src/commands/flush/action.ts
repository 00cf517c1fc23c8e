import { resolveSettings } from '../../config/resolve.ts';
import type { Settings } from '../../config/schema.ts';
import type { DrainReport } from '../../export/drain.ts';
import { listQueued, listQueues, readDestination } from '../../export/spool.ts';
import { describeDestination } from '../../export/destination.ts';
import { readState } from '../../export/state.ts';
import { hintFor } from '../../export/error-hints.ts';
import type * as ExportChunk from '../../export/drain-all.ts';
import { loadChunk } from '../../chunks.ts';
import type { Env } from '../../trace/carrier.ts';

export interface FlushOptions {
  wait: boolean;
  /** With --wait: how long to keep retrying; without: how long a busy background flusher and the one attempt may take. */
  timeout?: number;
}

export const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_LOCK_WAIT_MS = 5_000;

/**
 * `vstrace flush`: delivers every queued span now, in this process (the
 * background flusher's work, on demand), and sums up per destination. Without
 * --wait a failing backend ends the flush at the first failed batch; with it,
 * failed batches are retried until --timeout. Exit status 1 while spans remain
 * queued, so a CI step can tell.
 */
export async function flushCommand(
  options: FlushOptions,
  env: Env,
  onProgress?: (delivered: number, remaining: number) => void,
  settings: Settings = resolveSettings({}, env),
): Promise<{ text: string; exitCode: number }> {
  const timeout = options.timeout ?? (options.wait ? DEFAULT_WAIT_MS : DEFAULT_LOCK_WAIT_MS);
  const home = settings.store.home;
  const hasQueued = listQueues(home).some((q) => listQueued(q).length > 0);
  const reports = hasQueued
    ? await loadChunk<typeof ExportChunk>('export').drainAll(home, {
        caps: settings.export.spool,
        // Without --wait the time is for a busy flusher and one attempt, which the exporter would otherwise stretch with its retries.
        deadlineMs: Date.now() + timeout,
        retry: options.wait,
        lockWaitMs: timeout,
        ...(onProgress ? { onProgress } : {}),
      })
    : [];
  const lines = summarize(home, reports);
  if (lines.length === 0) {
    const none = settings.export.exporter === 'none' ? ' (no exporter configured: spans stay in the local store; see --exporter)' : '';
    return { text: `nothing queued for export${none}`, exitCode: 0 };
  }
  const remaining = reports.reduce((sum, r) => sum + r.remaining, 0);
  return { text: lines.join('\n'), exitCode: remaining > 0 ? 1 : 0 };
}

/**
 * One line per queue with something to say — spans delivered now, still
 * queued, or a flusher still at work: delivered, queued, dropped by the caps,
 * and why delivery fails. Queues of old endpoints that are empty stay silent
 * (`vstrace doctor` counts what the caps ever dropped).
 */
function summarize(home: string, reports: readonly DrainReport[]): string[] {
  const lines: string[] = [];
  for (const queue of listQueues(home)) {
    const report = reports.find((r) => r.queue === queue);
    const queued = report?.remaining ?? listQueued(queue).length;
    if (queued === 0 && !report?.delivered && report?.busy === undefined) continue;
    const state = readState(queue);
    const destination = readDestination(queue);
    const label = report?.destination ?? (destination ? describeDestination(destination) : queue);
    const parts = [`delivered ${report?.delivered ?? 0}`, `${queued} queued`];
    if (state.dropped > 0) parts.push(`${state.dropped} dropped by the spool caps (export.spool)`);
    let line = `${label}: ${parts.join(', ')}`;
    if (report?.busy !== undefined) line += `; a background flusher (pid ${report.busy}) is still delivering — add --wait`;
    const error = report?.error ?? (queued > 0 && state.lastAttempt && !state.lastAttempt.ok ? state.lastAttempt.error : undefined);
    if (queued > 0 && error) line += `; failing: ${error}${hintFor(error)}`;
    lines.push(line);
  }
  return lines;
}
