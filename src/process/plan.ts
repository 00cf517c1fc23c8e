import type { Env } from '../trace/carrier.ts';
import { jobserverFds } from './jobserver.ts';
import { commandEnv, ignoringShim, launchOf } from './launch.ts';

/** Exactly what will be executed: data, built by a pure function, spawned in one place. */
export interface SpawnPlan {
  file: string;
  args: string[];
  env: Env;
  /** The argv as executed, `/bin/sh` first for a shell line, for naming and the span (redacted later). */
  display: string[];
  /** For a shell line: its index in `display` (redacted, and named, as a line of shell, not as one word). */
  lineAt?: number;
  /** Descriptors beyond 0–2 the child inherits: those vstrace inherited (the launcher's list), else make's jobserver when it is really open. */
  inheritFds?: number[];
  /** Whether `inheritFds` came from the launcher (open when it looked) rather than from MAKEFLAGS (to be checked). */
  fdsSeen?: boolean;
  /** Signals vstrace inherited ignored: the command gets them ignored too (through a shim in `file`/`args`). */
  ignored?: number[];
}

export interface PlanInput {
  command: readonly string[];
  shell: boolean;
  env: Env;
  /** vstrace-sh: /bin/sh's own arguments (flags, -c, the line, $0, $@), passed verbatim; `command` is the line. */
  shellArgs?: ShellArgs;
}

export interface ShellArgs {
  args: readonly string[];
  /** Where the line is in `args`. */
  lineIndex: number;
}

/**
 * Exact argv is exec'd directly; `--shell` runs one string through `/bin/sh -c`
 * (several words are joined with spaces, as `sh -c "$*"` would).
 */
export function planSpawn({ command, shell, env, shellArgs }: PlanInput): SpawnPlan {
  const launch = launchOf(env);
  const fds = launch.fds ?? jobserverFds(env);
  const inherit = { ...(fds.length > 0 ? { inheritFds: fds, ...(launch.fds ? { fdsSeen: true } : {}) } : {}), ...(launch.ignored.length > 0 ? { ignored: launch.ignored } : {}) };
  const childEnv = commandEnv(env);
  const exec = (file: string, args: string[]) => (launch.ignored.length > 0 ? ignoringShim(launch.ignored, file, args) : { file, args });
  if (shell) {
    const { args, lineIndex } = shellArgs ?? { args: ['-c', command.join(' ')], lineIndex: 1 };
    return { ...exec('/bin/sh', [...args]), env: childEnv, display: ['/bin/sh', ...args], lineAt: lineIndex + 1, ...inherit };
  }
  const [file = '', ...args] = command;
  return { ...exec(file, args), env: childEnv, display: [...command], ...inherit };
}
