import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readStoreText } from '../fs/store-read.ts';
import type { SpanRecord } from '../trace/span.ts';
import { decodeEntry, entrySpan, entryTags, type IndexedSpan } from './index-format.ts';
import { scanRows } from './index-scan.ts';
import { deploymentsPathFor, syncSegmentIndex, writeAtomically } from './index-sync.ts';
import { readRecords, type OnSkipped } from './indexed.ts';

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
 * with one read per run of nearby records. What a segment held is kept
 * beside its index (index/<day>.deployments.json) and used while the segment
 * is unchanged, so a past day is scanned once. Both copies of a span recorded
 * open and later ended may be among them: see keepEnded.
 */
export function deploymentSpans(home: string, segments: readonly string[], types: readonly string[], full: boolean, onSkipped?: OnSkipped): SpanRecord[] {
  const spans: SpanRecord[] = [];
  const key = JSON.stringify(types);
  for (const segment of segments) {
    const known = full ? undefined : cached(home, segment, key);
    if (known) {
      for (const span of known) spans.push(span);
      continue;
    }
    const index = syncSegmentIndex(home, segment);
    if (index.header.skipped > 0) onSkipped?.(segment, index.header.skipped);
    const found = segmentDeployments(index.buffer, segment, new Set(types), full);
    if (!full) {
      const body = JSON.stringify(found);
      writeAtomically(
        deploymentsPathFor(home, segment),
        Buffer.from(`${JSON.stringify({ v: CACHE_VERSION, covered: index.header.covered, inode: index.header.inode, types: key, sum: sha1(body) })}\n${body}`),
      );
    }
    for (const span of found) spans.push(span);
  }
  return spans;
}

/**
 * What the last scan of a segment found, while the segment is as it was
 * then (same inode, same size as the index covered): a past day's segment
 * never changes, so dora scans it once. Anything else — another version,
 * other types, a grown segment, a file that is not what we wrote — is no
 * answer, and the segment is scanned again.
 */
const CACHE_VERSION = 2;
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
function cached(home: string, segment: string, types: string): SpanRecord[] | undefined {
  try {
    const { size, ino } = statSync(segment);
    const text = readStoreText(deploymentsPathFor(home, segment));
    const nl = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, nl)) as { v?: unknown; covered?: unknown; inode?: unknown; types?: unknown; sum?: unknown };
    if (head.v !== CACHE_VERSION || head.covered !== size || head.inode !== ino || head.types !== types) return undefined;
    // edited in place (the same length, other values) is not ours either
    const body = text.slice(nl + 1);
    if (head.sum !== sha1(body)) return undefined;
    const spans = JSON.parse(body) as unknown;
    return Array.isArray(spans) && spans.every(isSpanShaped) ? (spans as SpanRecord[]) : undefined;
  } catch {
    return undefined;
  }
}

const isSpanShaped = (s: unknown): boolean => {
  const span = s as Partial<SpanRecord> | null;
  return (
    typeof span === 'object' &&
    span !== null &&
    typeof span.spanId === 'string' &&
    typeof span.traceId === 'string' &&
    Number.isSafeInteger(span.startUs) &&
    (span.endUs === undefined || Number.isSafeInteger(span.endUs)) &&
    typeof span.attributes === 'object' &&
    typeof span.resource === 'object' &&
    typeof span.status === 'object'
  );
};

/** One segment's deployment spans, from its index and, where the index does not say enough (or `full`), its records. */
function segmentDeployments(buffer: Buffer, segment: string, wantedTypes: ReadonlySet<string>, full: boolean): SpanRecord[] {
  const drawn: SpanRecord[] = [];
  const strings: string[] = [];
  const isDeployment: boolean[] = [];
  const entries: IndexedSpan[] = [];
  scanRows(buffer, strings, (row) => {
    if (row.typeRef < 0) return;
    // one Set lookup per dictionary string, not per row
    const deployment = (isDeployment[row.typeRef] ??= wantedTypes.has(strings[row.typeRef] ?? ''));
    if (!deployment) return;
    const entry = decodeEntry(buffer.toString('utf8', row.lineStart, buffer.indexOf(10, row.lineStart)), strings);
    if (entry && !full && complete(entry)) drawn.push(entrySpan(entry));
    else if (entry) entries.push(entry);
  });
  return [...drawn, ...readRecords([{ segment, entries }])];
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
