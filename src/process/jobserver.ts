import { fstatSync } from 'node:fs';
import type { Env } from '../trace/carrier.ts';
import type { Stdio } from './child.ts';

/**
 * GNU make's jobserver (make ≤ 4.3, and 4.4 with --jobserver-style=pipe) is a
 * pipe whose descriptors a recursive make finds through MAKEFLAGS
 * (`--jobserver-auth=R,W`; `--jobserver-fds` before 4.2). Node marks the
 * descriptors it inherited close-on-exec, so the command vstrace spawns
 * would lose them and a sub-make would fall back to -j1; these are the ones
 * to hand on. A fifo jobserver (`fifo:PATH`, make 4.4) needs nothing.
 */
export function jobserverFds(env: Env): number[] {
  const flags = env.MAKEFLAGS;
  if (!flags) return [];
  const matches = [...flags.matchAll(/--jobserver-(?:auth|fds)=(\d+),(\d+)/g)];
  const last = matches[matches.length - 1];
  return last ? [Number(last[1]), Number(last[2])].filter((fd) => fd > 2) : [];
}

/**
 * The child's stdio: 0–2 inherited, plus the jobserver when this process
 * really has it. make closes the pipe for recipe lines it does not think
 * recursive, and Node may then have reused those numbers for descriptors of
 * its own, so both must be the two ends of one pipe (as Node's first
 * descriptor, its epoll instance, never is). Descriptors the launcher `seen`
 * open as inherited are handed on as they are.
 */
export function stdioWith(fds: readonly number[], seen = false): 'inherit' | Stdio {
  if (seen) return stdioOf(fds);
  const stats = fds.map((fd) => {
    try {
      return fstatSync(fd);
    } catch {
      return undefined;
    }
  });
  const onePipe = stats.length === 2 && stats.every((s) => s?.isFIFO()) && stats[0]!.ino === stats[1]!.ino;
  return onePipe ? stdioOf(fds) : 'inherit';
}

/** The child's stdio with `parent` (a descriptor of vstrace's own) also at `child`, the numbers between closed. */
export function withPassedFd(stdio: 'inherit' | Stdio, child: number, parent: number): Stdio {
  const list: Stdio = stdio === 'inherit' ? ['inherit', 'inherit', 'inherit'] : [...stdio];
  while (list.length <= child) list.push('ignore');
  list[child] = parent;
  return list;
}

/** 0–2 inherited and each of `fds` at its own number; the numbers between stay closed. */
function stdioOf(fds: readonly number[]): Stdio {
  const stdio: Stdio = ['inherit', 'inherit', 'inherit'];
  for (let fd = 3; fd <= Math.max(...fds); fd++) stdio.push(fds.includes(fd) ? fd : 'ignore');
  return stdio;
}
