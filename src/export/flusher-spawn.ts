import { childProcess } from '../system/deferred.ts';
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportSettings } from '../config/schema.ts';
import { FILE_MODE } from '../fs/modes.ts';
import { lockHolder } from './lock.ts';

/**
 * Starts a background flusher for a queue unless one is already at work. The
 * flusher is a separate Node process (dist/flusher.js), detached into its own
 * session with stdio ignored and unref'd, so the command's wall time never
 * includes delivery and a terminal closing does not kill it.
 *
 * `flusher.kick` (O_EXCL) stops a burst of runs (make -j, xargs -P) from each
 * spawning one in the ~100 ms before the first takes the lock; the flusher
 * deletes it once it holds the lock, and a kick older than KICK_STALE_MS is
 * ignored (that flusher never started). A span queued while a flusher holds
 * the lock is safe: the flusher rescans after releasing it.
 */
const KICK = 'flusher.kick';
const KICK_STALE_MS = 2_000;

export const FLUSHER_ENTRY = 'flusher.js';

export function kickFlusher(home: string, queue: string, caps: ExportSettings['spool'], env: NodeJS.ProcessEnv): boolean {
  if (lockHolder(queue) !== undefined || !claimKick(queue)) return false;
  const child = childProcess().spawn(process.execPath, [join(__dirname, FLUSHER_ENTRY), home, queue, String(caps.maxAgeDays), String(caps.maxSizeMb)], {
    detached: true,
    stdio: 'ignore',
    env: flusherEnv(env),
  });
  child.on('error', () => {}); // a failed spawn leaves the spans queued for the next run or `vstrace flush`
  child.unref();
  return true;
}

function claimKick(queue: string): boolean {
  const path = join(queue, KICK);
  try {
    closeSync(openSync(path, 'wx', FILE_MODE));
    return true;
  } catch {
    try {
      if (Date.now() - statSync(path).mtimeMs < KICK_STALE_MS) return false;
      unlinkSync(path);
    } catch {
      // raced with the flusher deleting it: fine, one more flusher at worst
    }
    return true;
  }
}

export function clearKick(queue: string): void {
  try {
    unlinkSync(join(queue, KICK));
  } catch {
    // none
  }
}

/**
 * The flusher's environment: the run's, minus the OTEL_* variables, which the
 * OpenTelemetry exporters would otherwise read and merge over the queue's
 * stored destination (the one this span was recorded for).
 */
export function flusherEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('OTEL_')));
}
