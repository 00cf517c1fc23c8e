import { closeSync, openSync, readSync } from 'node:fs';
import { READ_FLAGS } from '../fs/modes.ts';
import type { SpanRecord } from '../trace/span.ts';
import type { IndexedSpan } from './index-format.ts';
import { decodeEntries, decodeTraceEntries } from './index-scan.ts';
import { syncSegmentIndex } from './index-sync.ts';
import { decodeLine } from './otlp-json.ts';
import { listSegments } from './reader.ts';

/** Called once per segment that had unreadable lines (never fatal). */
export type OnSkipped = (file: string, lines: number) => void;

export interface SegmentEntries {
  segment: string;
  entries: IndexedSpan[];
}

export function segmentEntries(home: string, segment: string, onSkipped?: OnSkipped): SegmentEntries {
  const index = syncSegmentIndex(home, segment);
  if (index.header.skipped > 0) onSkipped?.(segment, index.header.skipped);
  return { segment, entries: decodeEntries(index.text) };
}

/**
 * Full trace ids that start with `prefix`, and the segments that hold their
 * spans, found by a byte search of the index files (each span line starts with
 * its trace id), newest segment first. A full id stops the search at the day
 * its trace began: no span ends before its trace starts, so no older segment
 * can hold one. A prefix searches everything, to know it is unambiguous.
 */
export function findTraceIds(home: string, prefix: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const needle = Buffer.from(`\n${prefix}`, 'latin1');
  let startUs = Number.POSITIVE_INFINITY;
  for (const segment of listSegments(home).reverse()) {
    if (segmentEndUs(segment) <= startUs && found.size > 0 && prefix.length === 32) break;
    const { buffer } = syncSegmentIndex(home, segment);
    for (let i = buffer.indexOf(needle); i >= 0; i = buffer.indexOf(needle, i + 1)) {
      const id = buffer.toString('latin1', i + 1, i + 33);
      const segments = found.get(id) ?? [];
      if (segments[0] !== segment) segments.unshift(segment);
      found.set(id, segments);
      if (prefix.length === 32) {
        const startField = buffer.indexOf(0x09, buffer.indexOf(0x09, buffer.indexOf(0x09, i + 1) + 1) + 1) + 1;
        startUs = Math.min(startUs, Number(buffer.toString('latin1', startField, buffer.indexOf(0x09, startField))));
      }
    }
  }
  return found;
}

/** The end of a segment's UTC day, in µs. */
const segmentEndUs = (segment: string): number => Date.parse(`${segment.slice(-16, -6)}T00:00:00Z`) * 1000 + 86_400e6;

/** The index entries of one trace, per segment findTraceIds named. */
export function traceEntries(home: string, traceId: string, segments: readonly string[]): SegmentEntries[] {
  return segments.map((segment) => ({ segment, entries: decodeTraceEntries(syncSegmentIndex(home, segment).text, traceId) }));
}

/** Bytes [from, to) of a segment; undefined when the segment is gone (pruned since its index was read). */
function readRange(segment: string, from: number, to: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(segment, READ_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(to - from);
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** Entries closer than this share one read: a gap costs less to read through than another read. */
const READ_GAP = 1 << 20;

/**
 * The full records behind some index entries: each segment read over the
 * ranges they span (entries more than a MiB apart read apart, so a few spans
 * of a big day do not read the whole day); a segment gone gives none.
 */
export function readRecords(parts: readonly SegmentEntries[]): SpanRecord[] {
  const spans: SpanRecord[] = [];
  for (const { segment, entries } of parts) {
    const sorted = [...entries].sort((a, b) => a.offset - b.offset);
    for (let i = 0; i < sorted.length; ) {
      let j = i + 1;
      let to = sorted[i]!.offset + sorted[i]!.length;
      while (j < sorted.length && sorted[j]!.offset - to <= READ_GAP) {
        to = Math.max(to, sorted[j]!.offset + sorted[j]!.length);
        j += 1;
      }
      readCluster(segment, sorted.slice(i, j), to, spans);
      i = j;
    }
  }
  return spans;
}

function readCluster(segment: string, entries: readonly IndexedSpan[], to: number, spans: SpanRecord[]): void {
  const from = entries[0]!.offset;
  const buffer = readRange(segment, from, to);
  if (!buffer) return;
  const wanted = new Set(entries.map((e) => `${e.traceId}${e.spanId}`));
  const byOffset = new Map(entries.map((e) => [e.offset, e]));
  for (const [offset, e] of byOffset) {
    try {
      // one line may hold several spans: keep the ones asked for
      for (const span of decodeLine(buffer.toString('utf8', offset - from, offset - from + e.length))) {
        if (wanted.has(`${span.traceId}${span.spanId}`)) spans.push(span);
      }
    } catch {
      /* the segment changed under the index: skip, the next sync rebuilds it */
    }
  }
}
