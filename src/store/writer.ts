import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SpanRecord } from '../trace/span.ts';
import { encodeSpanLine } from './otlp-json.ts';
import { segmentPath, TRACES_DIR } from './location.ts';
import { DIR_MODE, FILE_MODE } from '../fs/modes.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { ownedDir, ownedSubdir } from '../fs/owned-dir.ts';
import { warnOnce } from '../warn.ts';

/**
 * Appends one span as one line. Each record is a single write(2) on an
 * O_APPEND descriptor, which Linux keeps whole against concurrent appenders
 * (make -j, parallel CI steps) — no lock needed. If a previous writer died
 * mid-line (crash, disk full), a newline is written first so the torn record
 * stays alone on its own line, where readers skip it.
 */
export function appendSpan(home: string, span: SpanRecord): string {
  trustStore(home);
  const path = segmentPath(home, span.endUs ?? span.startUs);
  appendRecord(path, encodeSpanLine(span));
  return path;
}

/**
 * Many spans (the commands of a `run -x`), a write per segment they fall in:
 * 10,000 spans cost a few writes, not 10,000 opens.
 */
export function appendSpans(home: string, spans: readonly SpanRecord[]): void {
  if (spans.length === 0) return;
  trustStore(home);
  const bySegment = new Map<string, string[]>();
  for (const span of spans) {
    const path = segmentPath(home, span.endUs ?? span.startUs);
    const lines = bySegment.get(path) ?? [];
    lines.push(encodeSpanLine(span));
    bySegment.set(path, lines);
  }
  for (const [path, lines] of bySegment) appendRecord(path, lines.join(''));
}

/**
 * One newline-terminated record, appended with a single write. The `file`
 * exporter passes `store: false`: its path is the user's own choice (a link,
 * /dev/stdout), unlike a file inside the store.
 */
export function appendRecord(path: string, line: string, store = true): void {
  const fd = store ? openAppend(path) : openPlain(path);
  try {
    const record = endsTorn(fd) ? `\n${line}` : line;
    const buffer = Buffer.from(record, 'utf8');
    const written = writeSync(fd, buffer);
    if (written !== buffer.length) throw new Error(`short write to ${path} (${written} of ${buffer.length} bytes): is the disk full?`);
  } finally {
    closeSync(fd);
  }
}

/** Checks the store and its traces/ folder before a write: see ownedDir. Throws with what to do. */
export function trustStore(home: string): void {
  for (const note of [ownedDir(home), ownedSubdir(join(home, TRACES_DIR))]) if (note) warnOnce(note, note);
}

/**
 * 'a+' that never follows a symlink planted at the path (ELOOP) and never
 * blocks on a FIFO (O_NONBLOCK; only a regular file is written).
 */
const APPEND = constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function openAppend(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, APPEND, FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new Error(`${path} is a symbolic link: not writing through it (remove it)`);
    if (code !== 'ENOENT') throw error;
    makeDirs(dirname(path), DIR_MODE);
    fd = openSync(path, APPEND, FILE_MODE);
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Error(`${path} is not a regular file: not writing to it (remove it)`);
  }
  return fd;
}

function openPlain(path: string): number {
  try {
    return openSync(path, 'a+', FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    makeDirs(dirname(path), DIR_MODE);
    return openSync(path, 'a+', FILE_MODE);
  }
}

function endsTorn(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
