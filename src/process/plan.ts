import type { Env } from '../trace/carrier.ts';
import { jobserverFds } from './jobserver.ts';
import { commandEnv, execShim, launchOf } from './launch.ts';
import { escapeBytes, type RawBytes, takeRaw } from './raw-bytes.ts';

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
  /** A descriptor of vstrace's own the command gets at `child` (run -x's record file). */
  passFd?: PassFd;
}

export interface PassFd {
  child: number;
  parent: number;
}

export interface PlanInput {
  command: readonly string[];
  shell: boolean;
  env: Env;
  /** vstrace-sh: /bin/sh's own arguments (flags, -c, the line, $0, $@), passed verbatim; `command` is the line. */
  shellArgs?: ShellArgs;
  /** The exact bytes of arguments and variables that were not UTF-8 (raw-bytes.ts). */
  raw?: RawBytes;
  passFd?: PassFd;
  /** The shell for a shell line: /bin/sh, or bash for run -x (its lines' commands become spans). */
  shellPath?: string;
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
export function planSpawn({ command, shell, env, shellArgs, raw, passFd, shellPath = '/bin/sh' }: PlanInput): SpawnPlan {
  const launch = launchOf(env);
  const fds = launch.fds ?? jobserverFds(env);
  const inherit = {
    ...(fds.length > 0 ? { inheritFds: fds, ...(launch.fds ? { fdsSeen: true } : {}) } : {}),
    ...(launch.ignored.length > 0 ? { ignored: launch.ignored } : {}),
    ...(passFd ? { passFd } : {}),
  };
  const childEnv = commandEnv(env);
  const needs = { ignored: launch.ignored, env: raw?.env ?? new Map<string, Buffer>() };
  const exact = (word: string): string | Buffer => takeRaw(raw, word) ?? word;
  const exec = ([file, ...args]: Array<string | Buffer>) => execShim(needs, file!, args) ?? { file: file as string, args: args as string[] };
  const shown = (word: string | Buffer) => (typeof word === 'string' ? word : escapeBytes(word));
  if (shell) {
    const { args, lineIndex } = shellArgs ?? { args: ['-c', command.join(' ')], lineIndex: 1 };
    const words = shellArgs ? args.map(exact) : ['-c', joinLine(command.map(exact))];
    return { ...exec([shellPath, ...words]), env: childEnv, display: [shellPath, ...words.map(shown)], lineAt: lineIndex + 1, ...inherit };
  }
  const words = command.map(exact);
  return { ...exec(words), env: childEnv, display: words.map(shown), ...inherit };
}

/** `--shell` words joined with spaces, as `sh -c "$*"` would: bytes when any word is bytes. */
function joinLine(words: ReadonlyArray<string | Buffer>): string | Buffer {
  if (words.every((w) => typeof w === 'string')) return words.join(' ');
  return Buffer.concat(words.flatMap((w, i) => [...(i > 0 ? [Buffer.from(' ')] : []), typeof w === 'string' ? Buffer.from(w, 'utf8') : w]));
}
