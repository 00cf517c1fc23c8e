import { os } from '../system/deferred.ts';
import { getSystemErrorName } from 'node:util';
import { internalBinding } from '../system/bindings.ts';
import type { Env } from '../trace/carrier.ts';

/** The child's descriptors: each slot inherits that number, another descriptor of vstrace's, or nothing. */
export type Stdio = Array<'inherit' | 'ignore' | number>;

export type ChildEnd = { kind: 'exited'; code: number } | { kind: 'signaled'; signal: NodeJS.Signals } | { kind: 'failed'; code: string; message: string };

export interface Child {
  pid: number | undefined;
  /** Sends a signal; a child already gone is no error. */
  kill(signal: NodeJS.Signals): void;
}

export interface ChildSpec {
  file: string;
  args: readonly string[];
  env: Env;
  stdio: 'inherit' | Stdio;
}

/**
 * Starts the command and calls `onEnd` once, later (never from inside this
 * call), with how it ended. On the Nodes whose process handle is known
 * (KNOWN_MAJORS), the command is started through it, as
 * child_process does underneath: child_process itself would cost the run path
 * ~5 ms of start-up for the streams, sockets and IPC it brings and `run`
 * never uses (its stdio is inherited). Where the handle is not offered, the
 * public spawn serves (`nodeSpawn`, also tested on its own).
 */
export function startChild(spec: ChildSpec, onEnd: (end: ChildEnd) => void, how: 'fast' | 'node' = 'fast'): Child {
  const Process = how === 'fast' ? processHandle() : undefined;
  return Process ? handleSpawn(Process, spec, onEnd) : nodeSpawn(spec, onEnd);
}

interface ProcessHandle {
  pid?: number;
  onexit: (exitStatus: number, termSignal: string) => void;
  spawn(options: object): number;
  kill(signal: number): number;
  close(): void;
}

let handleClass: (new () => ProcessHandle) | null | undefined;
/** Node 24 changed the handle's interface: any other Node takes the public spawn. */
const KNOWN_MAJORS = new Set(['20']);

function processHandle(): (new () => ProcessHandle) | undefined {
  if (handleClass === undefined) {
    const Process = internalBinding<{ Process?: new () => ProcessHandle }>('process_wrap', KNOWN_MAJORS)?.Process;
    handleClass = typeof Process === 'function' ? Process : null;
  }
  return handleClass ?? undefined;
}

function handleSpawn(Process: new () => ProcessHandle, { file, args, env, stdio }: ChildSpec, onEnd: (end: ChildEnd) => void): Child {
  const handle = new Process();
  handle.onexit = (exitStatus, termSignal) => {
    handle.close();
    onEnd(termSignal ? { kind: 'signaled', signal: termSignal as NodeJS.Signals } : { kind: 'exited', code: exitStatus });
  };
  const envPairs: string[] = [];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) envPairs.push(`${name}=${value}`);
  const slots = stdio === 'inherit' ? (['inherit', 'inherit', 'inherit'] as Stdio) : stdio;
  const error = handle.spawn({
    file,
    args: [file, ...args],
    envPairs,
    stdio: slots.map((slot, fd) => (slot === 'ignore' ? { type: 'ignore' } : { type: 'fd', fd: slot === 'inherit' ? fd : slot })),
    detached: false,
    windowsHide: false,
    windowsVerbatimArguments: false,
  });
  if (error !== 0) {
    handle.close();
    const code = getSystemErrorName(error);
    setImmediate(() => onEnd({ kind: 'failed', code, message: `spawn ${file} ${code}` }));
    return { pid: undefined, kill: () => {} };
  }
  return {
    pid: handle.pid,
    // An error (the child already reaped) needs nothing: its exit is on its way, or came.
    kill: (signal) => void handle.kill(os().constants.signals[signal]),
  };
}

/** The public spawn: the same command, the same ending. */
function nodeSpawn({ file, args, env, stdio }: ChildSpec, onEnd: (end: ChildEnd) => void): Child {
  // Loaded here, not at the top: loading it is the cost the fast path saves.
  const spawn = require('cross-spawn') as typeof import('cross-spawn');
  const child = spawn(file, [...args], { stdio, env });
  let ended = false;
  const end = (e: ChildEnd) => {
    if (!ended) onEnd(e);
    ended = true;
  };
  child.once('error', (error: NodeJS.ErrnoException) => end({ kind: 'failed', code: error.code ?? 'UNKNOWN', message: error.message }));
  // Node guarantees exactly one of code and signal is non-null here.
  child.once('exit', (code, signal) => end(signal ? { kind: 'signaled', signal } : { kind: 'exited', code: code as number }));
  return {
    pid: child.pid,
    kill: (signal) => {
      try {
        child.kill(signal);
      } catch {
        // already gone: its exit is on its way
      }
    },
  };
}
