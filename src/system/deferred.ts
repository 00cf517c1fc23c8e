/**
 * Node modules the run path must not load at start-up — child_process, net
 * and tty each bring Node's streams and sockets, ~5 ms of a start on a 2-core
 * VM (docs/performance.md) — for the code that needs them only sometimes:
 * loaded at the first call, through Node's require (the bundle is CommonJS).
 */
export const childProcess = (): typeof import('node:child_process') => require('node:child_process');
export const net = (): typeof import('node:net') => require('node:net');
/** dns: ~1 ms; the root's connect check needs it only for a collector given by name. */
export const dns = (): typeof import('node:dns') => require('node:dns');
export const tty = (): typeof import('node:tty') => require('node:tty');
/** os: ~0.2 ms to load; the run path needs it only after the spawn (host, signal numbers) or when HOME is unset. */
export const os = (): typeof import('node:os') => require('node:os');
