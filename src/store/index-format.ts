import type { SpanRecord, StatusCode } from '../trace/span.ts';

/**
 * The index: a derived, rebuildable side file per segment, so listing and
 * statistics never parse OTLP/JSON. Text, one line per item:
 *
 *   vstrace-index 3 <covered bytes> <segment inode> <span lines> <string lines> <skipped lines> <bytes after this line> <digest of them>
 *   =<string>        a dictionary string (type, name, service, `key=value` tag, signal), numbered 0, 1, … in order
 *   <span line>      traceId spanId parentSpanId startUs durationUs status exitCode cpuSeconds
 *                    type name service tags signal offset length   (tab-separated; refs into the
 *                    dictionary for type/name/service/signal, comma-separated refs for tags)
 *
 * A duration is empty while the span is open; `offset`/`length` locate the
 * span's full OTLP/JSON record in the segment. Pure: no I/O here.
 */
export const INDEX_MAGIC = 'vstrace-index';
export const INDEX_VERSION = 3;

export interface IndexHeader {
  covered: number;
  inode: number;
  entries: number;
  strings: number;
  skipped: number;
  /** Bytes after the header line: a truncated or extended file does not check out. */
  bytes: number;
  /** SHA-1 of those bytes (16 hex): an index edited in place, same length or not, does not check out either. */
  digest: string;
}

/** What listing, filtering and statistics need of a span, without its full record. */
export interface IndexedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root. */
  parentSpanId: string;
  startUs: number;
  /** Absent while the span is open. */
  endUs?: number;
  status: StatusCode;
  exitCode?: number;
  signal?: string;
  /** `vstrace.cpu.user_seconds` + `vstrace.cpu.system_seconds`, when recorded. */
  cpuSeconds?: number;
  type: string;
  name: string;
  service: string;
  /** Comma-separated dictionary refs of `key=value` pairs (every short attribute): see entryTags. */
  tagRefs: string;
  /** The dictionary the refs point into. */
  strings: readonly string[];
  offset: number;
  length: number;
}

const STATUS_LETTER: Record<StatusCode, string> = { unset: 'u', ok: 'o', error: 'e' };
const LETTER_STATUS: Record<string, StatusCode> = { u: 'unset', o: 'ok', e: 'error' };

/** Attributes the index does not carry as tags: big, per-run noise, or already a column. */
const NOT_TAGS = new Set([
  'process.command_args',
  'process.working_directory',
  'process.pid',
  'process.exit.code',
  'vcs.ref.head.revision',
  'vstrace.type',
  'vstrace.cpu.user_seconds',
  'vstrace.cpu.system_seconds',
  'signal',
  'error',
  'service.name',
  'telemetry.sdk.name',
  'telemetry.sdk.language',
  'telemetry.sdk.version',
]);
const MAX_TAG_VALUE = 120;

/** Tabs and newlines cannot appear inside a field. */
const clean = (text: string): string => text.replace(/[\t\n\r]/g, ' ');

/** The strings an index refers to by number; `added` collects the new ones to append as `=` lines. */
export class Dictionary {
  readonly strings: string[];
  private readonly refs = new Map<string, number>();
  added: string[] = [];
  constructor(strings: string[] = []) {
    this.strings = strings;
    strings.forEach((s, i) => this.refs.set(s, i));
  }
  ref(text: string): number {
    let ref = this.refs.get(text);
    if (ref === undefined) {
      ref = this.strings.push(text) - 1;
      this.refs.set(text, ref);
      this.added.push(text);
    }
    return ref;
  }
}

/** A deployment's revision is a tag (one string per deployment, not per span): `vstrace dora` then reads no record. */
const DEPLOYMENT_TAGS = new Set(['vcs.ref.head.revision']);

function tagsOf(span: SpanRecord, dict: Dictionary): string {
  const refs: number[] = [];
  const deployment = typeof span.attributes['deployment.status'] === 'string';
  for (const attrs of [span.resource, span.attributes]) {
    for (const [key, value] of Object.entries(attrs)) {
      if ((NOT_TAGS.has(key) && !(deployment && DEPLOYMENT_TAGS.has(key))) || Array.isArray(value) || key.includes('=')) continue;
      refs.push(dict.ref(`${clean(key)}=${clean(String(value)).slice(0, MAX_TAG_VALUE)}`));
    }
  }
  return refs.join(',');
}

function cpuOf(span: SpanRecord): string {
  const user = span.attributes['vstrace.cpu.user_seconds'];
  const system = span.attributes['vstrace.cpu.system_seconds'];
  if (typeof user !== 'number' && typeof system !== 'number') return '';
  return String(Math.round(((typeof user === 'number' ? user : 0) + (typeof system === 'number' ? system : 0)) * 1e6) / 1e6);
}

const optionalRef = (value: unknown, dict: Dictionary): string | number => (typeof value === 'string' && value !== '' ? dict.ref(clean(value)) : '');

/** One span line; strings it needs that the dictionary lacked are left in `dict.added`. */
export function encodeEntry(span: SpanRecord, offset: number, length: number, dict: Dictionary): string {
  const exit = span.attributes['process.exit.code'];
  return [
    span.traceId,
    span.spanId,
    span.parentSpanId ?? '',
    span.startUs,
    span.endUs === undefined ? '' : Math.max(0, span.endUs - span.startUs),
    STATUS_LETTER[span.status.code],
    typeof exit === 'number' ? exit : '',
    cpuOf(span),
    optionalRef(span.attributes['vstrace.type'], dict),
    dict.ref(clean(span.name)),
    dict.ref(clean(String(span.resource['service.name'] ?? ''))),
    tagsOf(span, dict),
    optionalRef(span.attributes.signal, dict),
    offset,
    length,
  ].join('\t');
}

const refOf = (field: string | undefined, strings: readonly string[]): string | undefined => (field ? strings[Number(field)] : undefined);

/** One span line back, its refs resolved; undefined when it is not a well-formed line. */
export function decodeEntry(line: string, strings: readonly string[]): IndexedSpan | undefined {
  const f = line.split('\t');
  if (f.length !== 15) return undefined;
  const startUs = Number(f[3]);
  const offset = Number(f[13]);
  const length = Number(f[14]);
  const status = LETTER_STATUS[f[5]!];
  const name = refOf(f[9], strings);
  if (!status || name === undefined || !Number.isFinite(startUs) || !Number.isInteger(offset) || !(length > 0)) return undefined;
  const entry: IndexedSpan = {
    traceId: f[0]!,
    spanId: f[1]!,
    parentSpanId: f[2]!,
    startUs,
    status,
    type: refOf(f[8], strings) ?? '',
    name,
    service: refOf(f[10], strings) ?? '',
    tagRefs: f[11]!,
    strings,
    offset,
    length,
  };
  if (f[4] !== '') entry.endUs = startUs + Number(f[4]);
  if (f[6] !== '') entry.exitCode = Number(f[6]);
  if (f[7] !== '') entry.cpuSeconds = Number(f[7]);
  const signal = refOf(f[12], strings);
  if (signal !== undefined) entry.signal = signal;
  return entry;
}

export const encodeHeader = (h: IndexHeader): string => [INDEX_MAGIC, INDEX_VERSION, h.covered, h.inode, h.entries, h.strings, h.skipped, h.bytes, h.digest].join(' ');

export function decodeHeader(line: string): IndexHeader | undefined {
  const f = line.split(' ');
  if (f.length !== 9 || f[0] !== INDEX_MAGIC || f[1] !== String(INDEX_VERSION) || !/^[0-9a-f]{16}$/.test(f[8]!)) return undefined;
  const [covered, inode, entries, strings, skipped, bytes] = f.slice(2, 8).map(Number) as [number, number, number, number, number, number];
  if (![covered, inode, entries, strings, skipped, bytes].every((n) => Number.isInteger(n) && n >= 0)) return undefined;
  return { covered, inode, entries, strings, skipped, bytes, digest: f[8]! };
}

/** An entry's tags as `key=value` pairs (resolved on demand: most reads never need them). */
export const entryTags = (e: IndexedSpan): string[] => (e.tagRefs === '' ? [] : e.tagRefs.split(',').map((r) => e.strings[Number(r)] ?? ''));

/** Index-drawn spans share their status and resource objects (never written to): fewer allocations for big traces. */
const STATUS: Record<StatusCode, SpanRecord['status']> = { unset: { code: 'unset' }, ok: { code: 'ok' }, error: { code: 'error' } };
const resources = new Map<string, SpanRecord['resource']>();
function resourceOf(service: string): SpanRecord['resource'] {
  let resource = resources.get(service);
  if (!resource) resources.set(service, (resource = { 'service.name': service }));
  return resource;
}

/**
 * An entry as a SpanRecord with only what lists and filters read (type, exit
 * code, signal, tags as attributes; service as resource): enough for grouping
 * into traces, never for `show`, which reads the full record.
 */
export function entrySpan(e: IndexedSpan, withTags = true): SpanRecord {
  const attributes: SpanRecord['attributes'] = {};
  if (withTags) {
    for (const pair of entryTags(e)) {
      const eq = pair.indexOf('=');
      if (eq > 0) attributes[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  if (e.type !== '') attributes['vstrace.type'] = e.type;
  if (e.exitCode !== undefined) attributes['process.exit.code'] = e.exitCode;
  if (e.signal !== undefined) attributes.signal = e.signal;
  // built in one shape, without spreads: a 10,000-span trace makes 10,000 of these
  const span: SpanRecord = { traceId: e.traceId, spanId: e.spanId, name: e.name, startUs: e.startUs, status: STATUS[e.status], attributes, resource: resourceOf(e.service) };
  if (e.parentSpanId) span.parentSpanId = e.parentSpanId;
  if (e.endUs !== undefined) span.endUs = e.endUs;
  return span;
}
