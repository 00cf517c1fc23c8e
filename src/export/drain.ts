import { readFileSync } from 'node:fs';
import type { ExportSettings } from '../config/schema.ts';
import { decodeLine } from '../store/otlp-json.ts';
import type { SpanRecord } from '../trace/span.ts';
import { nowUs } from '../system/clock.ts';
import { enforceCaps } from './caps.ts';
import { describeDestination } from './destination.ts';
import { deadlineExporters, exportBatch } from './exporter.ts';
import { checkedAnswer } from './otlp-answer.ts';
import { clearKick, FLUSHER_ENTRY } from './flusher-spawn.ts';
import { lockHolder, tryLock, unlock } from './lock.ts';
import { toReadableSpans } from './readable-span.ts';
import { listQueued, readDestination, removeQueued, spanFile } from './spool.ts';
import { readState, updateState } from './state.ts';
import { platform } from '../platform/index.ts';

/**
 * Drains one queue: under its lock, batches of the oldest spans go to the
 * exporter, and only the files of a batch the backend acknowledged are
 * deleted. A flusher killed at any point loses nothing (unacknowledged files
 * stay) and an acknowledged batch is never sent again (its files are gone
 * before the next batch is read) — except in the instant between the ack and
 * the unlink, the one window where a kill can duplicate a batch.
 */
export interface DrainOptions {
  caps: ExportSettings['spool'];
  /** The drain's time budget (epoch ms; Infinity: none): failed batches are retried until then, and no attempt's timeout runs past it. */
  deadlineMs: number;
  /** false: the first failed batch ends the drain. */
  retry: boolean;
  /**
   * With retry: how long failed batches are retried once delivery starts failing (a success starts it
   * anew). The background flusher's bound: a flusher kept busy by a long `make` may live for an hour,
   * but gives up a failing collector after this.
   */
  retryWindowMs?: number;
  /** How long to wait for another flusher holding the queue. */
  lockWaitMs: number;
  /** Once empty, keep the queue (and the exporter's connection) this long for spans still coming. */
  idleMs?: number;
  batchSize?: number;
  onProgress?: (delivered: number, remaining: number) => void;
  /** Asked between batches and while waiting: true ends the drain (a batch in flight still completes). */
  stopping?: () => boolean;
}

export interface DrainReport {
  queue: string;
  destination: string;
  delivered: number;
  remaining: number;
  dropped: number;
  error?: string;
  /** The pid of another flusher that held the queue the whole time. */
  busy?: number;
}

const BATCH = 512; // the SDK's BatchSpanProcessor default
const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 10_000;
const IDLE_POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function drainQueue(queue: string, options: DrainOptions): Promise<DrainReport> {
  const destination = readDestination(queue);
  const report: DrainReport = { queue, destination: destination ? describeDestination(destination) : '(unknown)', delivered: 0, remaining: 0, dropped: 0 };
  if (!destination) {
    report.remaining = listQueued(queue).length;
    report.error = 'destination.json is missing or unreadable';
    return report;
  }
  const lockDeadline = Date.now() + options.lockWaitMs;
  let askedToYield = false;
  while (!tryLock(queue)) {
    // A background flusher waiting out a backoff is asked to yield to this on-demand drain.
    if (!askedToYield) askedToYield = askFlusherToYield(queue);
    if (Date.now() >= lockDeadline) {
      report.remaining = listQueued(queue).length;
      const busy = lockHolder(queue);
      if (busy !== undefined) report.busy = busy;
      return report;
    }
    await sleep(50);
  }
  clearKick(queue);
  // An attempt "in flight" here was a killed holder's: it must not keep root spans from waiting.
  if (readState(queue).sending) updateState(queue, (s) => void delete s.sending);
  let held = true;
  const exporters = deadlineExporters(destination, options.deadlineMs);
  let backoff = BACKOFF_START_MS;
  let failingSince: number | undefined;
  const countDrops = (n: number) => {
    if (n === 0) return;
    report.dropped += n;
    updateState(queue, (s) => void (s.dropped += n));
  };
  const failed = (atUs: number, spans: number, error: string) => {
    report.error = error;
    updateState(queue, (s) => {
      delete s.sending;
      s.lastAttempt = { atUs, endUs: nowUs(), ok: false, spans, error };
    });
  };
  try {
    countDrops(enforceCaps(queue, options.caps, nowUs()));
    let idleSince = Date.now();
    for (;;) {
      const names = listQueued(queue);
      if (options.stopping?.()) break;
      if (names.length === 0 && Date.now() - idleSince < (options.idleMs ?? 0)) {
        // A make -j or a CI pipeline ends steps in bursts: one warm flusher serves them all.
        await sleep(IDLE_POLL_MS);
        continue;
      }
      if (names.length === 0) {
        // Release, then look again: a span queued while we held the lock saw us alive and started no flusher.
        unlock(queue);
        held = false;
        if (listQueued(queue).length === 0 || !tryLock(queue)) break;
        held = true;
        continue;
      }
      const batch = names.slice(0, options.batchSize ?? BATCH);
      const { spans, sent, unreadable } = readBatch(queue, batch);
      removeQueued(queue, unreadable);
      countDrops(unreadable.length);
      if (sent.length === 0) continue;

      const created = exporters.next();
      // A destination no exporter can be made for (an unreadable TLS file, headers gRPC cannot send) fails every attempt alike: no retries; the spans wait until it is fixed.
      if (!created.ok) {
        failed(nowUs(), sent.length, created.error.message);
        break;
      }
      const exporter = created.value;
      const atUs = nowUs();
      // Root spans read this to tell an attempt stuck in the exporter's retries from a healthy one (wait-rule.ts).
      updateState(queue, (s) => void (s.sending = { sinceUs: atUs, spans: sent.length }));
      const result = await checkedAnswer(destination, () => exportBatch(exporter, toReadableSpans(spans)));
      if (result.ok) {
        removeQueued(queue, sent);
        report.delivered += sent.length;
        updateState(queue, (s) => {
          const endUs = nowUs();
          delete s.sending;
          s.delivered += sent.length;
          s.lastAttempt = { atUs, endUs, ok: true, spans: sent.length };
          s.lastDeliveredAtUs = endUs;
        });
        delete report.error;
        failingSince = undefined;
        backoff = BACKOFF_START_MS;
        idleSince = Date.now();
        options.onProgress?.(report.delivered, names.length - sent.length);
        continue;
      }
      failed(atUs, sent.length, result.error);
      failingSince ??= Date.now();
      const giveUpAt = Math.min(options.deadlineMs, failingSince + (options.retryWindowMs ?? Infinity));
      if (!options.retry || Date.now() + backoff > giveUpAt) break;
      const wakeAt = Date.now() + backoff;
      while (Date.now() < wakeAt && !options.stopping?.()) await sleep(Math.min(100, wakeAt - Date.now()));
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
      countDrops(enforceCaps(queue, options.caps, nowUs()));
    }
  } finally {
    if (held) unlock(queue);
    await exporters.shutdown();
  }
  report.remaining = listQueued(queue).length;
  return report;
}

/**
 * SIGTERM to the queue's holder if it is a background flusher (never another
 * `vstrace flush`): it finishes the batch in flight, so nothing is sent twice,
 * and exits, leaving the rest to us.
 */
function askFlusherToYield(queue: string): boolean {
  const pid = lockHolder(queue);
  if (pid === undefined) return false;
  try {
    if (!platform.commandLine(pid)?.includes(FLUSHER_ENTRY)) return true;
    process.kill(pid, 'SIGTERM');
  } catch {
    // gone, or not ours to signal: wait for the lock as usual
  }
  return true;
}

/** The spans of a batch's files; files that do not hold one ended span (torn, foreign) are returned as unreadable. */
function readBatch(queue: string, names: readonly string[]): { spans: SpanRecord[]; sent: string[]; unreadable: string[] } {
  const spans: SpanRecord[] = [];
  const sent: string[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    try {
      const decoded = decodeLine(readFileSync(spanFile(queue, name), 'utf8'));
      const span = decoded[0];
      if (decoded.length !== 1 || span?.endUs === undefined) throw new Error('not one ended span');
      spans.push(span);
      sent.push(name);
    } catch (error) {
      // Deleted by the caps meanwhile is not unreadable; anything else is.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(name);
    }
  }
  return { spans, sent, unreadable };
}
