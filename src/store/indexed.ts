import { closeSync, openSync, readSync } from 'node:fs';
import type { SpanRecord } from '../trace/span.ts';
import type { IndexedSpan } from './index-format.ts';
import { decodeEntries } from './index-scan.ts';
import { syncSegmentIndex, type SegmentIndexText } from './index-sync.ts';
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

/** Entries of every segment that can hold spans ending at or after `sinceUs`, oldest segment first. */
export function readEntries(home: string, sinceUs?: number, onSkipped?: OnSkipped): SegmentEntries[] {
  return listSegments(home, sinceUs).map((segment) => segmentEntries(home, segment, onSkipped));
}

/**
 * Full trace ids that start with `prefix`, found by a plain substring search
 * of the index texts (each entry line starts with its trace id), and the
 * segments that hold their spans.
 */
export function findTraceIds(home: string, prefix: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const needle = `\n${prefix}`;
  for (const segment of listSegments(home)) {
    const { text } = syncSegmentIndex(home, segment);
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      const id = text.slice(i + 1, i + 33);
      const segments = found.get(id) ?? [];
      if (segments.at(-1) !== segment) segments.push(segment);
      found.set(id, segments);
    }
  }
  return found;
}

/** The full records of one trace's spans, read at the offsets its index entries give. */
export function readTraceRecords(home: string, traceId: string, segments: readonly string[]): SpanRecord[] {
  const spans: SpanRecord[] = [];
  for (const segment of segments) {
    const entries = decodeEntries(syncSegmentIndex(home, segment).text, (id) => id === traceId);
    if (entries.length === 0) continue;
    const from = Math.min(...entries.map((e) => e.offset));
    const to = Math.max(...entries.map((e) => e.offset + e.length));
    const buffer = Buffer.alloc(to - from);
    const fd = openSync(segment, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, from);
    } finally {
      closeSync(fd);
    }
    let lastOffset = -1;
    for (const e of entries) {
      if (e.offset === lastOffset) continue; // one line may hold several spans
      lastOffset = e.offset;
      try {
        for (const span of decodeLine(buffer.toString('utf8', e.offset - from, e.offset - from + e.length))) {
          if (span.traceId === traceId) spans.push(span);
        }
      } catch {
        /* the index said a record was here; the segment changed under it: skip, the next sync rebuilds */
      }
    }
  }
  return spans;
}
