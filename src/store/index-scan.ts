import { decodeEntry, type IndexedSpan } from './index-format.ts';
import type { SpanSample } from '../stats/golden.ts';

/**
 * Reading an index text (see index-format.ts). `decodeEntries` gives whole
 * entries for lists and `show`; `scanRows` is the statistics path over a
 * million lines: it reads only the columns statistics need, straight from the
 * text, without splitting lines or allocating per span.
 */

/** The dictionary strings, in order. */
export function indexStrings(text: string): string[] {
  const strings: string[] = [];
  for (let pos = text.indexOf('\n=') + 1; pos > 0; pos = text.indexOf('\n=', pos) + 1) {
    const nl = text.indexOf('\n', pos);
    strings.push(text.slice(pos + 1, nl));
  }
  return strings;
}

/** Every span entry, its refs resolved, in record order. */
export function decodeEntries(text: string): IndexedSpan[] {
  const strings: string[] = [];
  const out: IndexedSpan[] = [];
  let pos = text.indexOf('\n') + 1;
  while (pos > 0 && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (text.charCodeAt(pos) === 61 /* = */) strings.push(text.slice(pos + 1, nl));
    else {
      const entry = decodeEntry(text.slice(pos, nl), strings);
      if (entry) out.push(entry);
    }
    pos = nl + 1;
  }
  return out;
}

/**
 * The entries of one trace, in record order: its lines are found by searching
 * for the id at line starts (every span line begins with its trace id), so
 * the other traces of a busy day are never split or decoded.
 */
export function decodeTraceEntries(text: string, traceId: string): IndexedSpan[] {
  const strings = indexStrings(text);
  const out: IndexedSpan[] = [];
  const needle = `\n${traceId}`;
  for (let pos = text.indexOf(needle) + 1; pos > 0; pos = text.indexOf(needle, pos) + 1) {
    const nl = text.indexOf('\n', pos);
    const entry = decodeEntry(text.slice(pos, nl < 0 ? text.length : nl), strings);
    if (entry) out.push(entry);
  }
  return out;
}

/** The columns statistics read (a SpanSample; durationUs -1 while open), for one span, and where its strings are; the object is reused from row to row. */
export interface ScanRow extends SpanSample {
  /** Dictionary refs; -1 for no type. */
  typeRef: number;
  nameRef: number;
  /** Where the line starts (its trace id, then at +33 its span id), in the buffer. */
  lineStart: number;
  /** Where the comma-separated tag refs are, in the buffer. */
  tagsFrom: number;
  tagsTo: number;
}

const TAB = 9;
const NL = 10;

/** Where the last `digitsAt` stopped (the tab after the number): a module slot, so the hot loop allocates nothing. */
let end = 0;

/** The unsigned decimal at p, up to the next tab. */
function digitsAt(buf: Uint8Array, p: number): number {
  let v = 0;
  for (let c = buf[p]!; c !== TAB; c = buf[++p]!) v = v * 10 + c - 48;
  end = p;
  return v;
}

/**
 * Calls `visit` for each span line of an index, reading bytes directly: no
 * string is made per span (the statistics path over a million lines); the
 * dictionary lines met on the way are pushed onto `strings`.
 */
export function scanRows(
  buf: Uint8Array & { toString(encoding: 'utf8', start: number, end: number): string; indexOf(value: number, from: number): number },
  strings: string[],
  visit: (row: ScanRow) => void,
): void {
  const row: ScanRow = { startUs: 0, durationUs: -1, error: false, cpuSeconds: Number.NaN, typeRef: -1, nameRef: 0, lineStart: 0, tagsFrom: 0, tagsTo: 0 };
  const n = buf.length;
  let p = buf.indexOf(NL, 0) + 1;
  while (p > 0 && p < n) {
    if (buf[p] === 61 /* = */) {
      const nl = buf.indexOf(NL, p);
      strings.push(buf.toString('utf8', p + 1, nl));
      p = nl + 1;
      continue;
    }
    // traceId and spanId are fixed width; the parent is 16 hex or empty
    row.lineStart = p;
    p += 50;
    if (buf[p] !== TAB) p += 16;
    row.startUs = digitsAt(buf, p + 1);
    p = end + 1;
    row.durationUs = buf[p] === TAB ? -1 : digitsAt(buf, p);
    p = buf[p] === TAB ? p : end;
    row.error = buf[p + 1] === 101; // e
    p += 3;
    while (buf[p] !== TAB) p += 1; // exit code
    p += 1;
    if (buf[p] === TAB) row.cpuSeconds = Number.NaN;
    else {
      let whole = 0;
      let frac = 0;
      let scale = 1;
      let c = buf[p]!;
      for (; c !== TAB && c !== 46; c = buf[++p]!) whole = whole * 10 + c - 48;
      if (c === 46) for (c = buf[++p]!; c !== TAB; c = buf[++p]!) (frac = frac * 10 + c - 48), (scale *= 10);
      row.cpuSeconds = whole + frac / scale;
    }
    p += 1;
    row.typeRef = buf[p] === TAB ? -1 : digitsAt(buf, p);
    p = buf[p] === TAB ? p : end;
    row.nameRef = digitsAt(buf, p + 1);
    p = end + 1;
    while (buf[p] !== TAB) p += 1; // service
    row.tagsFrom = p + 1;
    p += 1;
    while (buf[p] !== TAB) p += 1;
    row.tagsTo = p;
    while (buf[p] !== NL) p += 1; // signal, offset, length
    visit(row);
    p += 1;
  }
}
