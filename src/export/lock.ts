import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { platform } from '../platform/index.ts';
import { FILE_MODE } from '../fs/modes.ts';

/**
 * One flusher per queue, without flock (Node has none): `flusher.lock` is
 * created with O_EXCL and holds "pid start-time". A holder that was killed
 * leaves a lock whose pid is dead — or reused by another process, which the
 * start time from /proc tells apart — and the next taker breaks it. Breaking is
 * itself guarded by an O_EXCL `flusher.lock.break`, re-checking the lock's
 * content under it, so two takers can never both break and both hold.
 */
const LOCK = 'flusher.lock';
const BREAK = 'flusher.lock.break';
/** A breaker only ever lives for a few syscalls; one older than this was killed mid-break. */
const BREAK_STALE_MS = 10_000;
/** A lock file still empty after this long belongs to a taker killed between create and write. */
const EMPTY_STALE_MS = 5_000;

/** This process's identity as a lock holder. */
export function selfIdentity(): string {
  return `${process.pid} ${platform.processStartTime(process.pid) ?? ''}`.trim();
}

/** Whether the process named by a lock's content is still the one that wrote it. */
export function holderAlive(content: string): boolean {
  const [pidText, start] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!start) return true;
  const now = platform.processStartTime(pid);
  return now === undefined || now === start;
}

function read(path: string): { content: string; ageMs: number } | undefined {
  try {
    return { content: readFileSync(path, 'utf8'), ageMs: Date.now() - statSync(path).mtimeMs };
  } catch {
    return undefined;
  }
}

/** The pid holding the queue's lock, if that process is alive. */
export function lockHolder(queue: string): number | undefined {
  const lock = read(join(queue, LOCK));
  return lock && holderAlive(lock.content) ? Number(lock.content.split(' ')[0]) : undefined;
}

/** Takes the queue's lock, breaking a dead holder's; false when a live process holds it. */
export function tryLock(queue: string): boolean {
  const path = join(queue, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', FILE_MODE);
      try {
        writeSync(fd, selfIdentity());
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = read(path);
    if (!seen) continue; // released meanwhile: try again
    const stale = seen.content === '' ? seen.ageMs > EMPTY_STALE_MS : !holderAlive(seen.content);
    if (!stale || !breakLock(queue, seen.content)) return false;
  }
  return false;
}

function breakLock(queue: string, staleContent: string): boolean {
  const breaker = join(queue, BREAK);
  try {
    closeSync(openSync(breaker, 'wx', FILE_MODE));
  } catch {
    const old = read(breaker);
    if (old && old.ageMs > BREAK_STALE_MS) unlinkQuietly(breaker);
    return false;
  }
  try {
    // Only if the lock is still the one judged stale: another taker may have broken and re-taken it meanwhile.
    if (read(join(queue, LOCK))?.content === staleContent) unlinkQuietly(join(queue, LOCK));
    return true;
  } finally {
    unlinkQuietly(breaker);
  }
}

export function unlock(queue: string): void {
  const path = join(queue, LOCK);
  if (read(path)?.content === selfIdentity()) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}
