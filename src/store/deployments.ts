import type { SpanRecord } from '../trace/span.ts';
import { decodeEntry, type IndexedSpan } from './index-format.ts';
import { scanRows } from './index-scan.ts';
import { syncSegmentIndex } from './index-sync.ts';
import { readRecords, type OnSkipped, type SegmentEntries } from './indexed.ts';
import { listSegments } from './reader.ts';

/**
 * Every deployment span in the store (a span whose type is a deployment
 * type), its full record: found from the index (scanRows, a type check per
 * row, no string made for other spans), then read with one read per run of
 * nearby records. A span recorded open and later ended is kept once, ended.
 * The whole store is read: a deployment's predecessor, or the failure it
 * recovers from, may lie before any window asked for.
 */
export function deploymentSpans(home: string, types: readonly string[], onSkipped?: OnSkipped): SpanRecord[] {
  const wantedTypes = new Set(types);
  const parts: SegmentEntries[] = [];
  for (const segment of listSegments(home)) {
    const index = syncSegmentIndex(home, segment);
    if (index.header.skipped > 0) onSkipped?.(segment, index.header.skipped);
    const strings: string[] = [];
    const isDeployment: boolean[] = [];
    const entries: IndexedSpan[] = [];
    const { buffer } = index;
    scanRows(buffer, strings, (row) => {
      if (row.typeRef < 0) return;
      const known = (isDeployment[row.typeRef] ??= wantedTypes.has(strings[row.typeRef] ?? ''));
      if (!known) return;
      const entry = decodeEntry(buffer.toString('utf8', row.lineStart, buffer.indexOf(10, row.lineStart)), strings);
      if (entry) entries.push(entry);
    });
    if (entries.length) parts.push({ segment, entries });
  }
  const byId = new Map<string, SpanRecord>();
  for (const span of readRecords(parts)) {
    const key = `${span.traceId}${span.spanId}`;
    const seen = byId.get(key);
    if (!seen || (seen.endUs === undefined && span.endUs !== undefined)) byId.set(key, span);
  }
  return [...byId.values()];
}
