import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { FILE_MODE } from './modes.ts';

/**
 * Writes a whole file of vstrace's own (a marker, a spool entry, a temporary
 * before its rename) owner-only, never through a symlink planted at the path
 * (ELOOP) and never into a FIFO or device planted there (opened non-blocking,
 * and only a regular file is written). Throws as writeFileSync does.
 */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export function writePrivate(path: string, data: string | Buffer): void {
  const fd = openSync(path, WRITE_FLAGS, FILE_MODE);
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file: not writing to it (remove it)`);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
  } finally {
    closeSync(fd);
  }
}
