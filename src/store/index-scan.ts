import { decodeEntry, type IndexedSpan } from './index-format.ts';

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
export function decodeEntries(text: string, keep?: (traceId: string) => boolean): IndexedSpan[] {
  const strings: string[] = [];
  const out: IndexedSpan[] = [];
  let pos = text.indexOf('\n') + 1;
  while (pos > 0 && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (text.charCodeAt(pos) === 61 /* = */) strings.push(text.slice(pos + 1, nl));
    else if (!keep || keep(text.slice(pos, pos + 32))) {
      const entry = decodeEntry(text.slice(pos, nl), strings);
      if (entry) out.push(entry);
    }
    pos = nl + 1;
  }
  return out;
}

/** The columns statistics read, for one span; the object is reused from row to row. */
export interface ScanRow {
  startUs: number;
  /** -1 while the span is open. */
  durationUs: number;
  error: boolean;
  /** NaN when not recorded. */
  cpuSeconds: number;
  /** Dictionary refs; -1 for no type. */
  typeRef: number;
  nameRef: number;
  /** The comma-separated tag refs, as text. */
  tagRefs: string;
}

const TAB = 9;

/** Parses a non-negative decimal (digits and at most one dot) at `pos` up to the next tab; NaN if empty. */
function numberAt(text: string, pos: number, end: number): number {
  if (pos === end) return Number.NaN;
  let n = 0;
  let i = pos;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) return Number(text.slice(pos, end)); // a fraction: let the engine do it exactly
    n = n * 10 + (c - 48);
  }
  return n;
}

/** Calls `visit` for each span line; `strings` grows as dictionary lines are met. */
export function scanRows(text: string, strings: string[], visit: (row: ScanRow) => void): void {
  const row: ScanRow = { startUs: 0, durationUs: -1, error: false, cpuSeconds: Number.NaN, typeRef: -1, nameRef: 0, tagRefs: '' };
  let pos = text.indexOf('\n') + 1;
  while (pos > 0 && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (text.charCodeAt(pos) === 61) {
      strings.push(text.slice(pos + 1, nl));
      pos = nl + 1;
      continue;
    }
    // traceId and spanId are fixed width; the parent is 16 hex or empty
    let a = pos + 50;
    if (text.charCodeAt(a) !== TAB) a += 16;
    let b = text.indexOf('\t', a + 1);
    row.startUs = numberAt(text, a + 1, b);
    a = b;
    b = text.indexOf('\t', a + 1);
    row.durationUs = a + 1 === b ? -1 : numberAt(text, a + 1, b);
    row.error = text.charCodeAt(b + 1) === 101; // e
    a = text.indexOf('\t', b + 3); // past status and exit code
    b = text.indexOf('\t', a + 1);
    row.cpuSeconds = numberAt(text, a + 1, b);
    a = b;
    b = text.indexOf('\t', a + 1);
    row.typeRef = a + 1 === b ? -1 : numberAt(text, a + 1, b);
    a = b;
    b = text.indexOf('\t', a + 1);
    row.nameRef = numberAt(text, a + 1, b);
    a = text.indexOf('\t', b + 1); // past service
    b = text.indexOf('\t', a + 1);
    row.tagRefs = text.slice(a + 1, b);
    visit(row);
    pos = nl + 1;
  }
}
