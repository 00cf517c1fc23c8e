import { childProcess } from '../system/deferred.ts';
import type { PlatformReads } from './reads.ts';

/** `ps` fields of one process, headers off (POSIX ps; macOS's and procps' both have these keywords), or undefined. */
function ps(fields: readonly string[], pid: number): string | undefined {
  try {
    const out = childProcess().spawnSync('ps', [...fields.flatMap((f) => ['-o', `${f}=`]), '-p', String(pid)], { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const value = out.status === 0 ? out.stdout.trim() : '';
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/**
 * Without /proc (macOS; a Linux without /proc mounted): `ps`, which costs a
 * process, so each read sits on a rare path — a signal arriving, a span ended
 * by `vstrace end`, a flusher's lock. What ps cannot see is absent, never 0.
 */
export const portable: PlatformReads = {
  name: 'portable',
  inForegroundGroup() {
    // tpgid: the terminal's foreground group (0 or -1 without a terminal); pgid: ours.
    const [tpgid, pgid] = (ps(['tpgid', 'pgid'], process.pid) ?? '').split(/\s+/).map(Number);
    return tpgid !== undefined && tpgid > 0 && tpgid === pgid;
  },
  // Reaped children are gone from ps, and Node has no getrusage(RUSAGE_CHILDREN): unknown, not zero.
  childrenCpu: () => undefined,
  // The start time to the second (lstart), which with the pid names one process: a pid is not reused within a second.
  // One word, as /proc's is: lock files hold "pid start-time".
  processStartTime: (pid) => ps(['lstart'], pid)?.replace(/\s+/g, '_'),
  // A process per make recipe line, the one caller, is too dear: none (the pid alone names the group, the watcher clears it).
  processStartTimeIfCheap: () => undefined,
  // ps would cost a process per make recipe line, the one caller: unknown instead (the first line's start stands in).
  processStartedAtUs: () => undefined,
  // No system keeps them: an argument that is not UTF-8 reaches the command as Node decoded it (run warns).
  rawArgv: () => undefined,
  rawEnviron: () => undefined,
  commandLine: (pid) => ps(['command'], pid),
  // make exports MAKELEVEL to the commands of its recipes, vstrace-sh among them: no process to spawn per recipe line.
  parentProgram: (env) => (env.MAKELEVEL !== undefined ? 'make' : undefined),
};
