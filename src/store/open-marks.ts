import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DIR_MODE } from '../fs/modes.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { writePrivate } from '../fs/private-write.ts';
import { readStoreText } from '../fs/store-read.ts';

/**
 * An index of spans started and not yet ended: one small file per open span,
 * `open/<spanId>`, created by `start` and removed by `end`. The store stays the
 * record (the open span is a line in it); the index answers the two questions
 * that must be cheap: "is this span still open?" (one stat, on the run path,
 * only inside a shell that used `vstrace start --export`) and "which spans did
 * this shell start?" (`vstrace end` with no id).
 */
export interface OpenMark {
  spanId: string;
  traceId: string;
  /** The process that ran `vstrace start`: the shell, which identifies "this shell context". */
  ppid: number;
  /** That shell's start time (/proc/<ppid>/stat field 22); absent where /proc could not be read, and in older marks. */
  ppidStart?: string;
  startUs: number;
}

const OPEN_DIR = 'open';
const markPath = (home: string, spanId: string) => join(home, OPEN_DIR, spanId);

export function markOpen(home: string, mark: OpenMark): void {
  makeDirs(join(home, OPEN_DIR), DIR_MODE);
  writePrivate(markPath(home, mark.spanId), JSON.stringify(mark));
}

export function markEnded(home: string, spanId: string): void {
  rmSync(markPath(home, spanId), { force: true });
}

export const isMarkedOpen = (home: string, spanId: string): boolean => /^[0-9a-f]{16}$/.test(spanId) && existsSync(markPath(home, spanId));

/**
 * Whether a mark was made from this shell: the same pid and, where both start
 * times are known, the same start time — the pid alone may since have been
 * reused by another shell, or be another pid namespace's shell sharing the
 * store. Without /proc (or with a mark from before start times) the pid decides.
 */
export function startedBy(mark: OpenMark, shell: Pick<OpenMark, 'ppid' | 'ppidStart'>): boolean {
  if (mark.ppid !== shell.ppid) return false;
  return mark.ppidStart === undefined || shell.ppidStart === undefined || mark.ppidStart === shell.ppidStart;
}

/** Open spans, newest first. */
export function openMarks(home: string): OpenMark[] {
  let names: string[];
  try {
    names = readdirSync(join(home, OPEN_DIR));
  } catch {
    return [];
  }
  const marks: OpenMark[] = [];
  for (const name of names) {
    try {
      marks.push(JSON.parse(readStoreText(markPath(home, name))) as OpenMark);
    } catch {
      // removed meanwhile, or torn: not open as far as we can tell
    }
  }
  return marks.sort((a, b) => b.startUs - a.startUs);
}
