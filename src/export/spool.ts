import { lstatSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { encodeSpanLine } from '../store/otlp-json.ts';
import { DIR_MODE } from '../fs/modes.ts';
import type { SpanRecord } from '../trace/span.ts';
import { queueKey, type OtlpDestination } from './destination.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { writePrivate } from '../fs/private-write.ts';

/**
 * The export spool: spans waiting for delivery, one small file each, in one
 * queue directory per destination.
 *
 *   $VSTRACE_HOME/spool/<queue>/destination.json   where this queue's spans go (0600)
 *                              /state.json         delivered/dropped counts, the last attempt
 *                              /flusher.lock       the pid of the one flusher draining it
 *                              /q/<endUs>-<traceId>-<spanId>.json   one OTLP/JSON span each
 *
 * Why a spool and not a cursor over the store's segments: the store records
 * every span, but only spans recorded while an exporter was configured are to
 * be sent, and each to the destination configured for *it* (CI jobs with
 * different endpoints share one store). A file per span makes the unit of
 * delivery the unit of deletion: written with tmp+rename (a flusher never sees
 * half a span), deleted only after the backend acknowledged it (nothing lost
 * when a flusher is killed), named by span id (a span queued twice is one
 * file), and never rewritten in place — so no offsets, no compaction, and no
 * coupling to `vstrace prune` or to other writers of the store.
 */
export const SPOOL_DIR = 'spool';
const QUEUE = 'q';
const TMP = 'tmp';
const NAME = /^(\d{16})-([0-9a-f]{32})-([0-9a-f]{16})\.json$/;

export const spoolRoot = (home: string): string => join(home, SPOOL_DIR);
export const queueDir = (home: string, d: OtlpDestination): string => join(spoolRoot(home), queueKey(d));
export const spanFile = (queue: string, name: string): string => join(queue, QUEUE, name);

export function spanFileName(span: SpanRecord): string {
  return `${String(span.endUs ?? 0).padStart(16, '0')}-${span.traceId}-${span.spanId}.json`;
}

export const parseSpanFileName = (name: string): { endUs: number; traceId: string; spanId: string } | undefined => {
  const m = NAME.exec(name);
  return m ? { endUs: Number(m[1]), traceId: m[2]!, spanId: m[3]! } : undefined;
};

/** Makes an ended span durable in its destination's queue; returns the queue directory. Open spans are never queued. */
export function enqueueSpan(home: string, destination: OtlpDestination, span: SpanRecord): string {
  if (span.endUs === undefined) throw new Error('an open span (no end time) cannot be exported');
  const queue = queueDir(home, destination);
  const tmp = join(queue, TMP, `${span.spanId}.${process.pid}`);
  const line = encodeSpanLine(span);
  try {
    writePrivate(tmp, line);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    publishQueue(home, queue, destination);
    writePrivate(tmp, line);
  }
  syncDestination(queue, destination);
  renameSync(tmp, spanFile(queue, spanFileName(span)));
  return queue;
}

/**
 * A new queue appears whole: built aside (a dot-name listQueues skips), with
 * its destination, then renamed into place — so a `vstrace flush` racing the
 * first enqueue never meets a queue that cannot say where it goes. Another
 * process publishing the same queue first is fine: its queue is the same.
 */
function publishQueue(home: string, queue: string, destination: OtlpDestination): void {
  const aside = join(spoolRoot(home), `.new-${basename(queue)}-${process.pid}`);
  // Left by a killed process of the same pid, rarely: the recursive remove loads ~0.5 ms of Node's code, so only then.
  if (lstatSync(aside, { throwIfNoEntry: false })) rmSync(aside, { recursive: true, force: true });
  for (const sub of [QUEUE, TMP]) makeDirs(join(aside, sub), DIR_MODE);
  writeAtomic(join(aside, 'destination.json'), JSON.stringify(destination));
  try {
    renameSync(aside, queue);
  } catch (error) {
    rmSync(aside, { recursive: true, force: true });
    if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/** destination.json follows the latest settings (a rotated token applies to queued spans), written only when it changed. */
function syncDestination(queue: string, destination: OtlpDestination): void {
  const text = JSON.stringify(destination);
  const path = join(queue, 'destination.json');
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {
    // missing: write it
  }
  writeAtomic(path, text);
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writePrivate(tmp, text);
  renameSync(tmp, path);
}

export function readDestination(queue: string): OtlpDestination | undefined {
  try {
    const d = JSON.parse(readFileSync(join(queue, 'destination.json'), 'utf8')) as OtlpDestination;
    return d.kind === 'otlp' && typeof d.url === 'string' ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Every queue directory under the spool. */
export function listQueues(home: string): string[] {
  try {
    return readdirSync(spoolRoot(home), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => join(spoolRoot(home), e.name))
      .sort();
  } catch {
    return [];
  }
}

/** Queued span files, oldest end time first. */
export function listQueued(queue: string): string[] {
  try {
    return readdirSync(join(queue, QUEUE))
      .filter((name) => NAME.test(name))
      .sort();
  } catch {
    return [];
  }
}

/** Whether any span of `traceId` still waits in the queue. */
export const traceQueued = (queue: string, traceId: string): boolean => listQueued(queue).some((name) => name.includes(`-${traceId}-`));

export function removeQueued(queue: string, names: readonly string[]): void {
  for (const name of names) {
    try {
      unlinkSync(spanFile(queue, name));
    } catch {
      // already gone (dropped by the caps): nothing to do
    }
  }
}
