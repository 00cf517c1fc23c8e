import type { SpanRecord } from '../trace/span.ts';
import { decodeEntry, entrySpan, entryTags, type IndexedSpan } from './index-format.ts';
import { scanRows } from './index-scan.ts';
import { syncSegmentIndex } from './index-sync.ts';
import { readRecords, type OnSkipped, type SegmentEntries } from './indexed.ts';

/** The longest tag value the index keeps whole (index-format's MAX_TAG_VALUE): one this long may have been cut. */
const CUT = 120;

/**
 * An entry that says all `vstrace dora` reads of a deployment: its status,
 * revision and work tree among its tags, none possibly cut. Anything else
 * (spans recorded before deployments had their attributes, a span a deploy
 * without git recorded, an index another version built) is read from its
 * record.
 */
function complete(entry: IndexedSpan): boolean {
  let status = false;
  let revision = false;
  for (const tag of entryTags(entry)) {
    if (tag.startsWith('deployment.status=')) status = true;
    else if (tag.startsWith('vcs.ref.head.revision=')) revision = true;
    if (tag.length - tag.indexOf('=') - 1 >= CUT) return false;
  }
  return status && revision;
}

/**
 * The deployment spans of some segments (a span whose type is a deployment
 * type): found from the index (scanRows, a type check per row, no string
 * made for other spans); drawn from its index entry when that says all dora
 * reads, else (and always with `full`, for the audit trail) its record, read
 * with one read per run of nearby records. Both copies of a span recorded
 * open and later ended may be among them: see keepEnded.
 */
export function deploymentSpans(home: string, segments: readonly string[], types: readonly string[], full: boolean, onSkipped?: OnSkipped): SpanRecord[] {
  const drawn: SpanRecord[] = [];
  const wantedTypes = new Set(types);
  const parts: SegmentEntries[] = [];
  for (const segment of segments) {
    const index = syncSegmentIndex(home, segment);
    if (index.header.skipped > 0) onSkipped?.(segment, index.header.skipped);
    const strings: string[] = [];
    const isDeployment: boolean[] = [];
    const entries: IndexedSpan[] = [];
    const { buffer } = index;
    scanRows(buffer, strings, (row) => {
      if (row.typeRef < 0) return;
      // one Set lookup per dictionary string, not per row
      const deployment = (isDeployment[row.typeRef] ??= wantedTypes.has(strings[row.typeRef] ?? ''));
      if (!deployment) return;
      const entry = decodeEntry(buffer.toString('utf8', row.lineStart, buffer.indexOf(10, row.lineStart)), strings);
      if (entry && !full && complete(entry)) drawn.push(entrySpan(entry));
      else if (entry) entries.push(entry);
    });
    if (entries.length) parts.push({ segment, entries });
  }
  return [...drawn, ...readRecords(parts)];
}

/** One copy of each span: the ended one where both the open and the ended copy were read. */
export function keepEnded(spans: readonly SpanRecord[]): SpanRecord[] {
  const byId = new Map<string, SpanRecord>();
  for (const span of spans) {
    const key = `${span.traceId}${span.spanId}`;
    const seen = byId.get(key);
    if (!seen || (seen.endUs === undefined && span.endUs !== undefined)) byId.set(key, span);
  }
  return [...byId.values()];
}
