import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { os } from '../system/deferred.ts';
import { join } from 'node:path';
import type { Env } from '../trace/carrier.ts';

/** The descriptor the script's bash writes its records to (a number scripts rarely use; another if vstrace inherited this one). */
const RECORD_FD = 62;

/** The helper bash reads through BASH_ENV: next to the installed bundle (dist/), never in the user's tree. */
const helperPath = (): string => join(__dirname, 'xtrace.bash');

export interface XtraceSession {
  /** The command's environment: BASH_ENV names the helper (the user's own BASH_ENV is run by it). */
  env: Env;
  /** The child's descriptor number and the file behind it, for the spawn. */
  childFd: number;
  parentFd: number;
  /** Everything recorded; then the file is gone. */
  collect(): string;
}

/**
 * Opens the record file for `vstrace run -x`: owner-only, in the temporary
 * directory, unlinked at once (the open descriptor is all that is left, so a
 * crash leaves nothing behind). Returns a one-line reason instead when the
 * helper is missing from the install.
 */
export function openXtrace(env: Env, taken: readonly number[]): XtraceSession | string {
  const helper = helperPath();
  if (!existsSync(helper)) return `-x needs ${helper}, which is missing from this install (reinstall vstrace): ran the command untraced, as one span`;
  const dir = mkdtempSync(join(os().tmpdir(), 'vstrace-x-'));
  let fd: number;
  try {
    fd = openSync(join(dir, 'records'), 'a+', 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let childFd = RECORD_FD;
  while (taken.includes(childFd)) childFd++;
  const child: Env = { ...env, BASH_ENV: helper, VSTRACE_XTRACE_FD: String(childFd) };
  if (env.BASH_ENV !== undefined) child.VSTRACE_XTRACE_BASH_ENV = env.BASH_ENV;
  else delete child.VSTRACE_XTRACE_BASH_ENV;
  // bash reads ~/.bashrc instead of BASH_ENV when its stdin is a socket and SHLVL says it is a top-level
  // shell (its "run by sshd" rule: Node's own spawn gives socket stdio, and so does sshd). SHLVL=1 keeps
  // it on BASH_ENV; the helper puts back the SHLVL the script would have had (VSTRACE_XTRACE_SHLVL).
  if (!(Number(env.SHLVL) >= 1)) {
    child.SHLVL = '1';
    child.VSTRACE_XTRACE_SHLVL = env.SHLVL ?? '';
  } else delete child.VSTRACE_XTRACE_SHLVL;
  return {
    env: child,
    childFd,
    parentFd: fd,
    collect() {
      try {
        const size = fstatSync(fd).size;
        const buffer = Buffer.alloc(size);
        let at = 0;
        while (at < size) {
          const n = readSync(fd, buffer, at, size - at, at);
          if (n === 0) break;
          at += n;
        }
        return buffer.subarray(0, at).toString('utf8');
      } finally {
        closeSync(fd);
      }
    },
  };
}
