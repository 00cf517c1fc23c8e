import type { Env } from '../trace/carrier.ts';
import { jobserverFds } from './jobserver.ts';

/** Exactly what will be executed: data, built by a pure function, spawned in one place. */
export interface SpawnPlan {
  file: string;
  args: string[];
  env: Env;
  /** The argv as executed, `/bin/sh` first for a shell line, for naming and the span (redacted later). */
  display: string[];
  /** For a shell line: its index in `display` (redacted, and named, as a line of shell, not as one word). */
  lineAt?: number;
  /** Descriptors beyond 0–2 the child inherits when they are open: make's jobserver. */
  inheritFds?: number[];
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
  const fds = jobserverFds(env);
  const inherit = fds.length > 0 ? { inheritFds: fds } : {};
  if (shell) {
    const { args, lineIndex } = shellArgs ?? { args: ['-c', command.join(' ')], lineIndex: 1 };
    return { file: '/bin/sh', args: [...args], env, display: ['/bin/sh', ...args], lineAt: lineIndex + 1, ...inherit };
  }
  const [file = '', ...args] = command;
  return { file, args, env, display: [...command], ...inherit };
}
