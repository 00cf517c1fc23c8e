import { constants } from 'node:fs';

/** Owner-only modes for everything vstrace writes: spans are like shell history. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * How store files are opened for reading: never through a symlink planted at
 * the path, never blocking on a FIFO planted there (a reader would hang).
 */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
