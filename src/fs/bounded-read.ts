import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The first `max` bytes of a regular file, as text; undefined for anything
 * else (a FIFO or /dev/zero would hang or never end, /dev/stdin would steal
 * the command's input). Opened non-blocking, so checking what it is cannot
 * hang either. Never throws.
 */
export function readRegular(path: string, max: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(max);
    let got = 0;
    for (let n = 1; n > 0 && got < max; got += n) n = readSync(fd, buffer, got, max - got, got);
    return buffer.toString('utf8', 0, got);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
