import { closeSync, openSync, readSync } from 'node:fs';
import { ALL_ZERO } from '../trace/ids.ts';

/**
 * Random bytes from the kernel's CSPRNG. Read directly because loading
 * node:crypto costs more than the rest of the run path; Web Crypto is the fallback
 * where there is no /dev/urandom.
 */
function randomBytes(count: number): Buffer {
  const buffer = Buffer.alloc(count);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, buffer, 0, count, null) === count) return buffer;
    } finally {
      closeSync(fd);
    }
  } catch {
    // fall through
  }
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(count)));
}

/** One read serves a run's ids (a trace id, its span id, a few more): each open of /dev/urandom costs ~0.1 ms. */
const POOL_BYTES = 128;
let pool: Buffer = Buffer.alloc(0);

function take(count: number): Buffer {
  if (pool.length < count) pool = randomBytes(Math.max(POOL_BYTES, count));
  const bytes = pool.subarray(0, count);
  pool = pool.subarray(count);
  return bytes;
}

function randomHex(bytes: number): string {
  for (;;) {
    const hex = take(bytes).toString('hex');
    if (!ALL_ZERO.test(hex)) return hex;
  }
}

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);
