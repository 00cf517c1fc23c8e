import { homedir } from 'node:os';
import type { Env } from '../trace/carrier.ts';

/** The user's home directory as the environment says (tests and sandboxes set HOME). */
export const homeOf = (env: Env): string => env.HOME || homedir();

/** `~` and `~/x` → the home directory; anything else as is. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** A path as people read it in messages: `~/.vstracerc.yaml`. */
export function tildify(path: string, home: string): string {
  if (home && home !== '/' && (path === home || path.startsWith(`${home}/`))) return `~${path.slice(home.length)}`;
  return path;
}
