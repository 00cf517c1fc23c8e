/**
 * The export chunk (dist/export.js): everything that loads the OpenTelemetry
 * exporters. Bundled on its own and loaded with loadChunk() by the flusher,
 * `vstrace flush` and `vstrace doctor` — never by `vstrace run`.
 */
import { DEFAULT_SPOOL_CAPS, type ExportSettings } from '../config/schema.ts';
import { drainQueue, type DrainOptions, type DrainReport } from './drain.ts';
import { listQueued, listQueues } from './spool.ts';

export { drainQueue } from './drain.ts';
export { probeDestination } from './probe.ts';

/** How long a background flusher keeps retrying a failing backend, from the first failure since its last delivery, before leaving the spans for the next one. */
export const FLUSHER_RETRY_MS = 60_000;
/** How long a background flusher stays for more spans once its queue is empty (bursts of steps share one flusher). */
export const FLUSHER_IDLE_MS = 2_000;

/** Drains every queue with spans in it (each with its own stored destination), one after another. */
export async function drainAll(home: string, options: DrainOptions): Promise<DrainReport[]> {
  const reports: DrainReport[] = [];
  for (const queue of listQueues(home)) {
    if (listQueued(queue).length === 0) continue;
    reports.push(await drainQueue(queue, options));
  }
  return reports;
}

/** The spool caps as kickFlusher passed them: 0 (no cap) stays 0; only a missing or broken one takes the default. */
export function flusherCaps(maxAgeDays?: string, maxSizeMb?: string): ExportSettings['spool'] {
  const cap = (text: string | undefined, fallback: number): number => {
    const n = Number(text);
    return text !== undefined && text.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  return { maxAgeDays: cap(maxAgeDays, DEFAULT_SPOOL_CAPS.maxAgeDays), maxSizeMb: cap(maxSizeMb, DEFAULT_SPOOL_CAPS.maxSizeMb) };
}

/** The detached flusher's work: argv is [home, queue, maxAgeDays, maxSizeMb]. */
export async function runFlusher(argv: readonly string[]): Promise<void> {
  const [, queue, maxAgeDays, maxSizeMb] = argv;
  if (!queue) return;
  const caps = flusherCaps(maxAgeDays, maxSizeMb);
  // `vstrace flush` may ask us to yield (SIGTERM): finish the batch in flight, then go.
  let stopping = false;
  process.on('SIGTERM', () => (stopping = true));
  await drainQueue(queue, { caps, deadlineMs: Infinity, retry: true, retryWindowMs: FLUSHER_RETRY_MS, lockWaitMs: 0, idleMs: FLUSHER_IDLE_MS, stopping: () => stopping });
}
