import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SpanRecord } from '../trace/span.ts';
import { encodeSpanLine } from './otlp-json.ts';
import { segmentPath } from './location.ts';
import { DIR_MODE, FILE_MODE } from '../fs/modes.ts';
import { makeDirs } from '../fs/make-dirs.ts';


/**
 * Appends one span as one line. Each record is a single write(2) on an
 * O_APPEND descriptor, which Linux keeps whole against concurrent appenders
 * (make -j, parallel CI steps) — no lock needed. If a previous writer died
 * mid-line (crash, disk full), a newline is written first so the torn record
 * stays alone on its own line, where readers skip it.
 */
export function appendSpan(home: string, span: SpanRecord): string {
  const path = segmentPath(home, span.endUs ?? span.startUs);
  appendRecord(path, encodeSpanLine(span));
  return path;
}

/** One newline-terminated record, appended with a single write (also used by the `file` exporter). */
export function appendRecord(path: string, line: string): void {
  const fd = openAppend(path);
  try {
    const record = endsTorn(fd) ? `\n${line}` : line;
    const buffer = Buffer.from(record, 'utf8');
    const written = writeSync(fd, buffer);
    if (written !== buffer.length) throw new Error(`short write to ${path} (${written} of ${buffer.length} bytes): is the disk full?`);
  } finally {
    closeSync(fd);
  }
}

function openAppend(path: string): number {
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
