import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeLine } from './otlp-json.ts';
import { decodeHeader, Dictionary, encodeEntry, encodeHeader, type IndexHeader } from './index-format.ts';
import { indexStrings } from './index-scan.ts';
import { DIR_MODE, FILE_MODE } from './writer.ts';

export const INDEX_DIR = 'index';

export const indexPathFor = (home: string, segment: string): string =>
  join(home, INDEX_DIR, basename(segment).replace(/\.jsonl$/, '.idx'));

/** A segment's index as text: the header line, then dictionary and span lines (each ending in \n). */
export interface SegmentIndexText {
  segment: string;
  header: IndexHeader;
  /** The whole index file, header included: every entry line is preceded by "\n". */
  text: string;
}

/**
 * Brings a segment's index up to date and returns it. The segments are the
 * truth and the index is only trusted when it checks out: same inode, a
 * coverage that ends on a line boundary inside the segment, as many entries as
 * its header says. Otherwise it is rebuilt. Catching up parses only the bytes
 * appended since (complete lines only: a record still being written is left
 * for next time). Readers do this work, so writers stay one write(2) per span;
 * two readers catching up at once each write a correct file and rename it into
 * place, so the last one simply wins. A store we cannot write to is still read
 * (the index is then built in memory only).
 */
export function syncSegmentIndex(home: string, segment: string): SegmentIndexText {
  let fd: number;
  try {
    fd = openSync(segment, 'r');
  } catch {
    return { segment, header: { covered: 0, inode: 0, entries: 0, strings: 0, skipped: 0 }, text: '' };
  }
  try {
    const { size, ino } = fstatSync(fd);
    const path = indexPathFor(home, segment);
    const old = readTrusted(path, fd, size, ino);
    let { header, text } = old ?? { header: { covered: 0, inode: ino, entries: 0, strings: 0, skipped: 0 }, text: '' };
    if (header.covered === size && old) return { segment, header, text };
    const tail = Buffer.alloc(size - header.covered);
    const got = tail.length > 0 ? readSync(fd, tail, 0, tail.length, header.covered) : 0;
    const end = tail.subarray(0, got).lastIndexOf(0x0a) + 1;
    const lines: string[] = [];
    const dict = new Dictionary(indexStrings(text));
    let entries = header.entries;
    let skipped = header.skipped;
    for (let pos = 0; pos < end; ) {
      const nl = tail.indexOf(0x0a, pos);
      const line = tail.toString('utf8', pos, nl);
      if (line.trim() !== '') {
        try {
          for (const span of decodeLine(line)) {
            const entry = encodeEntry(span, header.covered + pos, nl - pos + 1, dict);
            for (const added of dict.added) lines.push(`=${added}`);
            dict.added = [];
            lines.push(entry);
            entries += 1;
          }
        } catch {
          skipped += 1;
        }
      }
      pos = nl + 1;
    }
    header = { covered: header.covered + end, inode: ino, entries, strings: dict.strings.length, skipped };
    const body = text === '' ? '' : text.slice(text.indexOf('\n') + 1);
    text = `${encodeHeader(header)}\n${body}${lines.map((l) => `${l}\n`).join('')}`;
    if (end > 0 || !old) writeAtomically(path, text);
    return { segment, header, text };
  } finally {
    closeSync(fd);
  }
}

/** The stored index, if it is consistent with the segment as it is now. */
function readTrusted(path: string, fd: number, size: number, ino: number): { header: IndexHeader; text: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const firstNl = text.indexOf('\n');
  const header = firstNl < 0 ? undefined : decodeHeader(text.slice(0, firstNl));
  if (!header || header.inode !== ino || header.covered > size) return undefined;
  if (header.covered > 0) {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, header.covered - 1);
    if (last[0] !== 0x0a) return undefined;
  }
  if (!text.endsWith('\n') || countLines(text) - 1 !== header.entries + header.strings) return undefined;
  return { header, text };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true, mode: DIR_MODE });
    writeFileSync(tmp, text, { mode: FILE_MODE });
    renameSync(tmp, path);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
  }
}
