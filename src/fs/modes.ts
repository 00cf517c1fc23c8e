/** Owner-only modes for everything vstrace writes: spans are like shell history. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;
