import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { READ_FLAGS } from '../fs/modes.ts';
import type { SpanRecord } from '../trace/span.ts';
import { decodeLine } from './otlp-json.ts';
import { listSegments } from './reader.ts';

/** At most this much is read per poll: a big import lands over several polls, never all in memory. */
const MAX_READ = 16 * 1024 * 1024;

/** The bytes of a segment past `from`, up to its last complete line (a record still being written waits). */
function readNewLines(segment: string, from: number): { text: string; next: number } | undefined {
  let fd: number;
  try {
    fd = openSync(segment, READ_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const { size } = fstatSync(fd);
    // smaller than before: pruned and begun again
    const start = size < from ? 0 : from;
    if (size === start) return start === from ? undefined : { text: '', next: start };
    const buffer = Buffer.alloc(Math.min(size - start, MAX_READ));
    const got = readSync(fd, buffer, 0, buffer.length, start);
    const end = buffer.subarray(0, got).lastIndexOf(0x0a) + 1;
    return { text: buffer.toString('utf8', 0, end), next: start + end };
  } finally {
    closeSync(fd);
  }
}

/** Records are appended whole (one write each), so a segment's size is where its next record will begin. */
function sizeOf(segment: string): number {
  try {
    return lstatSync(segment).size;
  } catch {
    return 0;
  }
}

/**
 * Calls `onSpans` with each span appended to the store from now on, in the
 * order they land, by polling the segments every `intervalMs` (a segment is
 * only ever appended to, so an offset per segment is all the state; a new
 * day's segment is read from its start). Unreadable lines are skipped, as
 * readers do. Returns the function that stops following.
 */
export function followStore(home: string, onSpans: (spans: SpanRecord[]) => void, intervalMs = 200): () => void {
  const offsets = new Map<string, number>();
  for (const segment of listSegments(home)) offsets.set(segment, sizeOf(segment));
  const poll = (): void => {
    for (const segment of listSegments(home)) {
      const read = readNewLines(segment, offsets.get(segment) ?? 0);
      if (!read) continue;
      offsets.set(segment, read.next);
      const spans: SpanRecord[] = [];
      for (const line of read.text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          spans.push(...decodeLine(line));
        } catch {
          /* a torn or foreign line: readers skip it too */
        }
      }
      if (spans.length > 0) onSpans(spans);
    }
  };
  const timer = setInterval(poll, intervalMs);
  return () => clearInterval(timer);
}
