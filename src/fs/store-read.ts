import { closeSync, openSync, readFileSync } from 'node:fs';
import { READ_FLAGS } from './modes.ts';

/** A whole store file, opened with READ_FLAGS (no symlink followed, no FIFO waited on). Throws as readFileSync does. */
export function readStoreFile(path: string): Buffer {
  const fd = openSync(path, READ_FLAGS);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const readStoreText = (path: string): string => readStoreFile(path).toString('utf8');
