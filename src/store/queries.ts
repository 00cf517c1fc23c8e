import { plural } from '../plural.ts';
import { statSync } from 'node:fs';
import { resolveSettings } from '../config/resolve.ts';
import type { Settings } from '../config/schema.ts';
import { VstraceError, quote } from '../errors.ts';
import { entrySpan } from './index-format.ts';
import { findTraceIds, readRecords, segmentEntries, traceEntries, type OnSkipped, type SegmentEntries } from './indexed.ts';
import { autoPrune } from './prune.ts';
import { listSegments } from './reader.ts';
import type { Env } from '../trace/carrier.ts';
import { matchesTrace, type TraceFilter } from '../trace/filter.ts';
import type { Attributes, SpanRecord } from '../trace/span.ts';
import { nowUs } from '../system/clock.ts';
import { groupTraces, newestFirst, withRecord, type TraceSummary } from '../trace/traces.ts';
import { warn } from '../warn.ts';

export const reportSkipped: OnSkipped = (file, lines) => warn(`skipped ${plural(lines, 'unreadable line')} in ${file}`);

/** Settings for a reading command, after the daily retention pass the caps ask for. */
export function readerSettings(env: Env): Settings {
  const settings = resolveSettings({}, env);
  assertStoreDirectory(settings.store.home);
  autoPrune(settings.store.home, settings.store, nowUs());
  return settings;
}

/** A store that is not there is empty; one that is a file (a mistyped VSTRACE_HOME) is a mistake to name, not "No traces yet". */
function assertStoreDirectory(home: string): void {
  const stat = statSync(home, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new VstraceError('STORE', `the store ${quote(home)} is not a directory: point VSTRACE_HOME (or store.home) at a directory`);
}

/**
 * The newest traces that pass `filter`, at most `limit`, from the index alone.
 * Segments are read newest first; a span lands in the segment of the day it
 * ended (an open span: the day it began), never before its trace began, so
 * once `limit` matching traces began on or after the day of the next-to-oldest
 * segment read, no older segment can change the answer (one segment of margin
 * covers a root still open since the day before). The check runs after 2, 4,
 * 8, … segments, so a rare filter costs one pass, not one per segment.
 */
export function recentTraces(home: string, filter: TraceFilter, limit: number): TraceSummary[] {
  return scanRecent(home, filter, limit).traces;
}

/** The newest traces, as recentTraces finds them, and a reader of the full records (every attribute, the resource) of the spans asked for. */
export function recentTracesWithRecords(home: string, filter: TraceFilter, limit: number): { traces: TraceSummary[]; records: (spans: Iterable<SpanRecord>) => Map<string, SpanRecord> } {
  const { traces, read } = scanRecent(home, filter, limit);
  const records = (spans: Iterable<SpanRecord>): Map<string, SpanRecord> => {
    const wanted = new Set<string>();
    for (const span of spans) wanted.add(spanKey(span));
    const found = new Map<string, SpanRecord>();
    for (const record of readRecords(read.map(({ segment, entries }) => ({ segment, entries: entries.filter((e) => wanted.has(spanKey(e))) })))) {
      const seen = found.get(spanKey(record));
      // a span recorded twice (vstrace start, then end): the ended copy wins
      if (!seen || (seen.endUs === undefined && record.endUs !== undefined)) found.set(spanKey(record), record);
    }
    return found;
  };
  return { traces, records };
}

/** A span's key in the maps recentTracesWithRecords returns. */
export const spanKey = (span: { traceId: string; spanId: string }): string => `${span.traceId}${span.spanId}`;

/** The traces recentTraces found, and the segments it read to find them (every span of each trace found is in them). */
function scanRecent(home: string, filter: TraceFilter, limit: number): { traces: TraceSummary[]; read: SegmentEntries[] } {
  const segments = listSegments(home, filter.sinceUs).reverse();
  const read: SegmentEntries[] = [];
  let nextCheck = 2;
  for (let i = 0; i < segments.length; i++) {
    read.push(segmentEntries(home, segments[i]!, reportSkipped));
    const last = i === segments.length - 1;
    if (i + 1 < nextCheck && !last) continue;
    nextCheck *= 2;
    const floorUs = last ? Number.NEGATIVE_INFINITY : Date.parse(`${segments[i - 1]!.slice(-16, -6)}T00:00:00Z`) * 1000;
    const withTags = (filter.tags?.length ?? 0) > 0;
    const found = groupTraces(read.flatMap(({ entries }) => entries.map((e) => entrySpan(e, withTags))))
      .filter((t) => t.startUs >= floorUs && matchesTrace(t, filter))
      .sort(newestFirst);
    if (found.length >= limit || last) return { traces: found.slice(0, limit), read };
  }
  return { traces: [], read };
}

/**
 * The newest trace, with its index entries: recentTraces already read every
 * segment that can hold its spans (none ends before the trace began, and it
 * began on or after the day of the next-to-oldest segment read), so neither
 * a search nor a second decoding is needed.
 */
function newestTrace(home: string): TraceParts {
  const { traces, read } = scanRecent(home, {}, 1);
  const [trace] = traces;
  if (!trace) throw new VstraceError('NOT_FOUND', 'the store has no traces yet: record one with vstrace run -- <command>');
  return { traceId: trace.traceId, parts: read.map(({ segment, entries }) => ({ segment, entries: entries.filter((e) => e.traceId === trace.traceId) })), grouped: trace };
}

export interface LoadedTrace {
  trace: TraceSummary;
  /** A span's attributes with its tags: those of an index-drawn span are resolved only when asked (rows shown). */
  attributesOf: (span: SpanRecord) => Attributes;
}

/** A trace's index entries per segment, and its spans grouped from them when that is already done. */
interface TraceParts {
  traceId: string;
  parts: SegmentEntries[];
  grouped?: TraceSummary;
}

/** The trace an id or an unambiguous prefix of one names, from the segments that hold its spans. */
function tracePartsById(home: string, ref: string): TraceParts {
  const wanted = ref.toLowerCase();
  if (!/^[0-9a-f]{4,32}$/.test(wanted)) throw new VstraceError('USAGE', `${quote(ref)} is not a trace id: give "last", a 32-hex trace id or a prefix of one from vstrace ls`);
  const matches = findTraceIds(home, wanted);
  if (matches.size === 0) throw new VstraceError('NOT_FOUND', `no trace ${quote(ref)} in the store (list them with vstrace ls)`);
  if (matches.size > 1) throw new VstraceError('USAGE', `${quote(ref)} matches ${matches.size} traces: give more of the id`);
  const [[traceId, segments]] = [...matches] as [[string, string[]]];
  return { traceId, parts: traceEntries(home, traceId, segments) };
}

const gone = (traceId: string) => new VstraceError('NOT_FOUND', `trace ${traceId} is listed in the index but its records are gone (was it pruned?)`);

/**
 * One trace: `last`, a full trace id, or an unambiguous prefix of one (as
 * `ls` prints). Drawn from its index entries, with the full record of its root
 * (for the header's tags); `full` reads every record (for --json).
 */
export function loadTrace(home: string, ref: string, full = false): LoadedTrace {
  const { traceId, parts, grouped } = ref === 'last' ? newestTrace(home) : tracePartsById(home, ref);
  if (full) {
    const [trace] = groupTraces(readRecords(parts));
    if (!trace) throw gone(traceId);
    return { trace, attributesOf: (span) => span.attributes };
  }
  const entries = parts.flatMap((p) => p.entries);
  const [indexed] = grouped ? [grouped] : groupTraces(entries.map((e) => entrySpan(e, false)));
  if (!indexed) throw gone(traceId);
  const rootId = indexed.root.spanId;
  const records = readRecords(parts.map(({ segment, entries }) => ({ segment, entries: entries.filter((e) => e.spanId === rootId) })));
  const trace = withRecord(indexed, records.find((r) => r.endUs !== undefined) ?? records[0]);
  // Tags of 10,000 index entries cost a third of show's budget; the shown rows are a few hundred at most.
  const fromIndex = new Map(entries.filter((e) => e.spanId !== rootId).map((e) => [e.spanId, e]));
  // An entry's tags hold its resource attributes too: those the root's resource has are the trace's, not the span's.
  const rootResource = trace.root.resource;
  const attributesOf = (span: SpanRecord): Attributes => {
    const entry = fromIndex.get(span.spanId);
    if (!entry) return span.attributes;
    const { attributes } = entrySpan(entry);
    for (const key of Object.keys(attributes)) if (key in rootResource) delete attributes[key];
    return attributes;
  };
  return { trace, attributesOf };
}
