import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/** Polls until `check` holds; fails the test with `what` after `ms`. */
export async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const fileExists = (path: string) => () => existsSync(path);

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  // 'close', not 'exit': the child's piped output is all read by then (its last stderr line can follow 'exit').
  const drained = () => [child.stdout, child.stderr].every((s) => !s || s.destroyed || s.readableEnded);
  return new Promise((resolve) => {
    const done = () => resolve({ code: child.exitCode, signal: child.signalCode });
    if ((child.exitCode !== null || child.signalCode !== null) && drained()) done();
    else child.once('close', done);
  });
}
