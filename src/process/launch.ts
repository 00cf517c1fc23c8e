import { os } from '../system/deferred.ts';
import type { Env } from '../trace/carrier.ts';

/**
 * What bin/'s launcher saw in sh, before Node started: the descriptors beyond
 * 0–2 this process inherited (Node marks them close-on-exec and opens its own
 * beside them, so they cannot be told apart later), the signals it inherited
 * ignored (Node resets every disposition at start-up; Linux only, the
 * sigignore field of /proc/self/stat) and the user's NODE_OPTIONS (Node reads them before any
 * of our code; the launcher hides them from vstrace's own Node). They reach
 * us as these variables, which never reach the command.
 */
export const LAUNCH_VARS = { fds: 'VSTRACE_LAUNCH_FDS', sigIgn: 'VSTRACE_LAUNCH_SIGIGN', nodeOptions: 'VSTRACE_LAUNCH_NODE_OPTIONS' } as const;

export interface Launch {
  /** Undefined when vstrace was started without its launcher (`node bin/vstrace`): nothing is known. */
  fds?: number[];
  /** Signal numbers, ascending. */
  ignored: number[];
}

export function launchOf(env: Env): Launch {
  const fds = env[LAUNCH_VARS.fds];
  return { ...(fds === undefined ? {} : { fds: parseFds(fds) }), ignored: parseSigIgn(env[LAUNCH_VARS.sigIgn] ?? '') };
}

/** "3,9,250," → [3, 9, 250]: only descriptors above 2, each once, ascending. */
export function parseFds(list: string): number[] {
  const fds = list
    .split(',')
    .filter((s) => /^\d{1,7}$/.test(s))
    .map(Number)
    .filter((fd) => fd > 2);
  return [...new Set(fds)].sort((a, b) => a - b);
}

/** /proc/PID/stat's sigignore (decimal, bit n-1 for signal n) → the signal numbers; SIGKILL and SIGSTOP never count. */
export function parseSigIgn(mask: string): number[] {
  if (!/^[1-9]\d{0,19}$/.test(mask)) return [];
  const bits = BigInt(mask);
  const ignored: number[] = [];
  const { SIGKILL, SIGSTOP } = os().constants.signals;
  for (let n = 1; n <= 64; n++) {
    if (n !== SIGKILL && n !== SIGSTOP && (bits >> BigInt(n - 1)) & 1n) ignored.push(n);
  }
  return ignored;
}

/** The command's environment: the user's NODE_OPTIONS back exactly as they were, the launcher's variables gone. */
export function commandEnv(env: Env): Env {
  if (!(LAUNCH_VARS.fds in env) && !(LAUNCH_VARS.sigIgn in env) && !(LAUNCH_VARS.nodeOptions in env)) return env;
  const child: Env = { ...env };
  const nodeOptions = child[LAUNCH_VARS.nodeOptions];
  for (const name of Object.values(LAUNCH_VARS)) delete child[name];
  if (nodeOptions !== undefined) child.NODE_OPTIONS = nodeOptions;
  return child;
}

/** What the command must get that Node's spawn cannot give: signals ignored, and bytes that are not UTF-8. */
export interface ShimNeeds {
  ignored: readonly number[];
  /** Variables whose values are exact bytes. */
  env: ReadonlyMap<string, Buffer>;
}

/** A byte as sh's printf writes it back: every byte octal, so no format character can appear. */
const printfBytes = (bytes: Buffer): string => [...bytes].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
/** `$(…)` drops trailing newlines: a sentinel after the bytes keeps them, and is cut off after. */
const assignBytes = (name: string, bytes: Buffer): string => `${name}=$(printf '${printfBytes(bytes)}x'); ${name}=\${${name}%x}`;
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A tiny sh in front of the command, spawned only when it is needed: it
 * re-ignores `ignored` (as nohup and `trap ''` leave them), sets the
 * variables and arguments that are not UTF-8 from their exact bytes (Node
 * passes only text), and execs the command — the same process, so its pid and
 * signals are the command's. Numbers for signals: dash, bash and macOS's sh
 * all take them, real-time ones too.
 */
export function execShim(needs: ShimNeeds, file: string | Buffer, args: ReadonlyArray<string | Buffer>): { file: string; args: string[] } | undefined {
  const words = [file, ...args];
  const rawEnv = [...needs.env].filter(([name]) => SHELL_NAME.test(name));
  if (needs.ignored.length === 0 && rawEnv.length === 0 && words.every((w) => typeof w === 'string')) return undefined;
  const steps = [
    ...(needs.ignored.length > 0 ? [`trap '' ${needs.ignored.join(' ')}`] : []),
    ...rawEnv.map(([name, bytes]) => `${assignBytes(name, bytes)}; export ${name}`),
    ...words.flatMap((w, i) => (typeof w === 'string' ? [] : [assignBytes(`__vstrace_${i + 1}`, w)])),
  ];
  const exec = words.every((w) => typeof w === 'string') ? '"$@"' : words.map((w, i) => (typeof w === 'string' ? `"\${${i + 1}}"` : `"$__vstrace_${i + 1}"`)).join(' ');
  return { file: '/bin/sh', args: ['-c', `${steps.join('; ')}; exec ${exec}`, 'vstrace', ...words.map((w) => (typeof w === 'string' ? w : ''))] };
}

/** The names Node can listen to among `signals` (vstrace keeps them harmless to itself, as they were meant). */
export function signalNames(signals: readonly number[]): NodeJS.Signals[] {
  const byNumber = new Map(Object.entries(os().constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));
  return signals.map((n) => byNumber.get(n)).filter((s): s is NodeJS.Signals => s !== undefined);
}
