import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * File operations for housekeeping (retention, spool caps), where another
 * process may have removed the file first: a vanished file is not an error.
 */
export function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Removes a file; true when this call removed it (false: another process was first). */
export function removeQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes the files in `dir` (those `keep` selects) untouched for longer than `staleMs`: temporaries of writers killed mid-write. */
export function sweepStale(dir: string, staleMs: number, nowMs: number, keep: (name: string) => boolean = () => true): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter(keep);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (nowMs - statSync(path).mtimeMs > staleMs) unlinkSync(path);
    } catch {
      // gone meanwhile
    }
  }
}
