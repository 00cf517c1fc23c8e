import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, renameSync, unlinkSync } from 'node:fs';
import { READ_FLAGS } from '../fs/modes.ts';
import { readStoreFile } from '../fs/store-read.ts';
import { basename, join } from 'node:path';
import { decodeLine } from './otlp-json.ts';
import { decodeHeader, Dictionary, encodeEntry, encodeHeader, type IndexHeader } from './index-format.ts';
import { indexStrings } from './index-scan.ts';
import { DIR_MODE } from '../fs/modes.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { writePrivate } from '../fs/private-write.ts';

export const INDEX_DIR = 'index';

export const indexPathFor = (home: string, segment: string): string => join(home, INDEX_DIR, basename(segment).replace(/\.jsonl$/, '.idx'));
/** The deployment spans of a segment, as `vstrace dora` last found them (store/deployments.ts): derived, like the index. */
export const deploymentsPathFor = (home: string, segment: string): string => join(home, INDEX_DIR, basename(segment).replace(/\.jsonl$/, '.deployments.json'));

/** A segment's index: the header line, then dictionary and span lines (each ending in \n). */
export interface SegmentIndex {
  segment: string;
  header: IndexHeader;
  /** The whole index file, header included: every line after the header is preceded by "\n". */
  buffer: Buffer;
  /** The same, decoded (on first use). */
  readonly text: string;
}

const EMPTY: IndexHeader = { covered: 0, inode: 0, entries: 0, strings: 0, skipped: 0, bytes: 0, digest: '' };

/** SHA-1 (native, ~1 GB/s) of an index's body, cut to 16 hex: corruption and edits are caught, at ~0.1 s per million spans read. */
const digestOf = (...parts: Buffer[]): string =>
  parts
    .reduce((hash, part) => hash.update(part), createHash('sha1'))
    .digest('hex')
    .slice(0, 16);

function segmentIndex(segment: string, header: IndexHeader, buffer: Buffer): SegmentIndex {
  let text: string | undefined;
  return {
    segment,
    header,
    buffer,
    get text() {
      return (text ??= buffer.toString('utf8'));
    },
  };
}

/**
 * Brings a segment's index up to date and returns it. The segments are the
 * truth and the index is only trusted when it checks out: same inode, a
 * coverage that ends on a newline inside the segment, and exactly as many
 * bytes after its header as the header says (a truncated or extended file is
 * rebuilt). Catching up parses only the bytes appended since (complete lines
 * only: a record still being written is left for the next reader). Readers do
 * this work, so writers stay one write(2) per span; two readers catching up at
 * once each write a correct file and rename it into place, so the last one
 * simply wins. A store we cannot write to is still read (the index then lives
 * in memory only).
 */
export function syncSegmentIndex(home: string, segment: string): SegmentIndex {
  let fd: number;
  try {
    fd = openSync(segment, READ_FLAGS);
  } catch {
    return segmentIndex(segment, EMPTY, Buffer.alloc(0));
  }
  try {
    const { size, ino } = fstatSync(fd);
    const path = indexPathFor(home, segment);
    const old = readTrusted(path, fd, size, ino);
    if (old && old.header.covered === size) return segmentIndex(segment, old.header, old.buffer);
    const header = old?.header ?? { ...EMPTY, inode: ino };
    const body = old ? old.buffer.subarray(old.buffer.indexOf(0x0a) + 1) : Buffer.alloc(0);
    const tail = Buffer.alloc(size - header.covered);
    const got = tail.length > 0 ? readSync(fd, tail, 0, tail.length, header.covered) : 0;
    const end = tail.subarray(0, got).lastIndexOf(0x0a) + 1;
    const dict = new Dictionary(body.length > 0 ? indexStrings(`\n${body.toString('utf8')}`) : []);
    const lines: string[] = [];
    let { entries, skipped } = header;
    for (let pos = 0; pos < end; ) {
      const nl = tail.indexOf(0x0a, pos);
      const line = tail.toString('utf8', pos, nl);
      if (line.trim() !== '') {
        try {
          for (const span of decodeLine(line)) {
            const entry = encodeEntry(span, header.covered + pos, nl - pos + 1, dict);
            for (const added of dict.added) lines.push(`=${added}\n`);
            dict.added = [];
            lines.push(`${entry}\n`);
            entries += 1;
          }
        } catch {
          skipped += 1;
        }
      }
      pos = nl + 1;
    }
    const added = Buffer.from(lines.join(''), 'utf8');
    const next: IndexHeader = { covered: header.covered + end, inode: ino, entries, strings: dict.strings.length, skipped, bytes: body.length + added.length, digest: digestOf(body, added) };
    const buffer = Buffer.concat([Buffer.from(`${encodeHeader(next)}\n`, 'latin1'), body, added]);
    if (end > 0 || !old) writeAtomically(path, buffer);
    return segmentIndex(segment, next, buffer);
  } finally {
    closeSync(fd);
  }
}

/** The stored index, if it is consistent with the segment as it is now. */
function readTrusted(path: string, fd: number, size: number, ino: number): { header: IndexHeader; buffer: Buffer } | undefined {
  let buffer: Buffer;
  try {
    buffer = readStoreFile(path);
  } catch {
    return undefined;
  }
  const firstNl = buffer.indexOf(0x0a);
  const header = firstNl < 0 ? undefined : decodeHeader(buffer.toString('latin1', 0, firstNl));
  if (!header || header.inode !== ino || header.covered > size) return undefined;
  if (buffer.length !== firstNl + 1 + header.bytes || (header.bytes > 0 && buffer[buffer.length - 1] !== 0x0a)) return undefined;
  if (digestOf(buffer.subarray(firstNl + 1)) !== header.digest) return undefined;
  if (header.covered > 0) {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, header.covered - 1);
    if (last[0] !== 0x0a) return undefined;
  }
  return { header, buffer };
}

/** Written whole or not at all (a temporary file renamed); a failure leaves nothing behind and is no error: what is written here is derived. */
export function writeAtomically(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    makeDirs(join(path, '..'), DIR_MODE);
    writePrivate(tmp, data);
    renameSync(tmp, path);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
  }
}
