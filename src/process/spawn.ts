import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { instant, nowUs, wallUsAt } from '../system/clock.ts';
import { platform } from '../platform/index.ts';
import type { Ending, Outcome } from '../trace/outcome.ts';
import type { SpawnPlan } from './plan.ts';
import { relaySignals } from './signals.ts';
import { stdioWith, withPassedFd } from './jobserver.ts';
import { type Child, type ChildEnd, startChild } from './child.ts';
import { signalNames } from './launch.ts';

/**
 * Runs the plan with the terminal handed straight through (stdio inherited:
 * byte-identical output, a TTY stays a TTY), relays signals while it runs,
 * and reports how it ended. Never rejects: a spawn failure is an Ending too.
 */
export function runPlan(plan: SpawnPlan): Promise<Outcome> {
  const cpuBefore = platform.childrenCpu();
  const started = instant();
  return new Promise((resolve) => {
    // Relays go in before the spawn: once the child exists, a signal meant for it
    // must never find vstrace with its default handler (a loaded machine can
    // preempt us for many milliseconds right after fork). Node runs the handlers
    // from the event loop, so by then `child` is set.
    let child: Child | undefined;
    const ignored = keepIgnoring(plan.ignored ?? []);
    const stopRelaying = relaySignals((signal) => {
      if (!ignored.includes(signal)) child?.kill(signal); // an ignored one: the command ignores it too, as it would bare
    });
    const stdio = plan.inheritFds ? stdioWith(plan.inheritFds, plan.fdsSeen) : 'inherit';
    let startUs: number | undefined;
    const onEnd = (end: ChildEnd) => {
      stopRelaying();
      const endUs = nowUs();
      const cpuAfter = platform.childrenCpu();
      resolve({
        ending: end.kind === 'failed' ? spawnFailure(plan.file, end, plan.env.PATH) : end.kind === 'signaled' ? end : { kind: 'exited', exitCode: end.code },
        pid: child?.pid,
        startUs: startUs ?? wallUsAt(started),
        endUs,
        ...(cpuBefore && cpuAfter ? { cpuUserSeconds: round(cpuAfter.user - cpuBefore.user), cpuSystemSeconds: round(cpuAfter.system - cpuBefore.system) } : {}),
      });
    };
    child = startChild({ file: plan.file, args: plan.args, env: plan.env, stdio: plan.passFd ? withPassedFd(stdio, plan.passFd.child, plan.passFd.parent) : stdio }, onEnd);
    startUs = wallUsAt(started); // while the command runs
  });
}

/**
 * Signals vstrace inherited ignored (nohup's SIGHUP, `trap '' INT`) stay
 * harmless to vstrace for the rest of its life, as they were meant: Node
 * reset them to the default at start-up, so a listener stands in for SIG_IGN.
 */
function keepIgnoring(signals: readonly number[]): NodeJS.Signals[] {
  const names = signalNames(signals);
  for (const name of names) {
    try {
      process.on(name, () => {});
    } catch {
      // one Node cannot listen to: nothing to keep
    }
  }
  return names;
}

const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;

function spawnFailure(file: string, error: { code: string; message: string }, path: string | undefined): Ending {
  switch (error.code) {
    case 'ENOENT': {
      // A file that is there, yet exec says ENOENT: what it could not find is the #! interpreter (or the loader). Say so, as bash does.
      const found = file.includes('/') ? (existsSync(file) ? file : undefined) : findOnPath(file, path);
      if (found) return { kind: 'not-found', message: `${found}: cannot execute: required file not found (check the interpreter on its #! line)` };
      return file.includes('/')
        ? { kind: 'not-found', message: `${file}: no such file or directory` }
        : { kind: 'not-found', message: `${file}: command not found (check the spelling, or that it is on PATH)` };
    }
    case 'EACCES':
    case 'EPERM':
    case 'EISDIR':
      return { kind: 'not-executable', message: `${file}: permission denied (is it executable? try chmod +x ${file})` };
    case 'ENOEXEC':
      return { kind: 'not-executable', message: `${file}: exec format error (add a #! line, or run it through its interpreter)` };
    default:
      return { kind: 'not-executable', message: `${file}: cannot execute (${error.code})` };
  }
}

/** The executable file PATH would run for `name` (error path only: a lookup exec already made once). */
function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(':')) {
    const candidate = join(dir === '' ? '.' : dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
