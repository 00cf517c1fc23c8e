import { chmodSync, lstatSync, statSync, type Stats } from 'node:fs';
import { DIR_MODE } from './modes.ts';

/**
 * A directory vstrace may write into: the user's own, private. An existing one
 * the user owns but others can write (a store made under a umask of 0, or
 * chmod 777) is repaired to owner-only, since others could have planted links
 * in it; one owned by another user (a shared /tmp path, set up by the
 * planter) is refused, so no planted link can turn vstrace's writes against
 * its owner. A missing directory is fine (it will be made private); the
 * directory may be reached through a symlink the user made. Returns a repair
 * note to show once, or throws an Error saying what to do.
 */
export function ownedDir(path: string, uid: number | undefined = process.getuid?.()): string | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (!st.isDirectory()) throw new Error(`${path} is not a directory (set VSTRACE_HOME to a directory of your own)`);
  if (uid === undefined) return undefined; // no owners to compare (not a POSIX system)
  if (st.uid !== uid) throw new Error(`${path} belongs to another user (uid ${st.uid}): not writing to it (set VSTRACE_HOME to a directory of your own)`);
  if ((st.mode & 0o022) === 0) return undefined;
  chmodSync(path, DIR_MODE);
  return `${path} was writable by others: made it private (mode 700)`;
}

/** The same for a directory inside one already checked, which must not itself be a symlink (it could be a planted one). */
export function ownedSubdir(path: string, uid: number | undefined = process.getuid?.()): string | undefined {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) throw new Error(`${path} is a symbolic link, not a directory of the store: not writing through it (remove it)`);
  return ownedDir(path, uid);
}
