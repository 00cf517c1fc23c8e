import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChildEnd, type ChildSpec, startChild } from '../../src/process/child.ts';

// Both ways of starting the command (Node's process handle, and the public spawn it falls back to) end alike.
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vstrace-child-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ended = (spec: Partial<ChildSpec> & { file: string }, how: 'fast' | 'node', whileRunning?: (kill: (s: NodeJS.Signals) => void) => void) =>
  new Promise<{ end: ChildEnd; pid: number | undefined; sync: boolean }>((resolve) => {
    let returned = false;
    let sync = false;
    const child = startChild(
      { args: [], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdio: ['ignore', 'ignore', 'ignore'], ...spec },
      (end) => {
        sync = !returned;
        resolve({ end, pid: child?.pid, sync });
      },
      how,
    );
    returned = true;
    whileRunning?.(child.kill);
  });

describe.each(['fast', 'node'] as const)('startChild (%s)', (how) => {
  it('reports the exit code, later than the call, with the pid', async () => {
    const r = await ended({ file: 'sh', args: ['-c', 'exit 42'] }, how);
    expect(r.end).toEqual({ kind: 'exited', code: 42 });
    expect(r.sync).toBe(false);
    expect(r.pid).toBeGreaterThan(0);
  });

  it('reports death by signal, and kill() reaches the child', async () => {
    const r = await ended({ file: 'sh', args: ['-c', 'echo ready; exec sleep 30'] }, how, (kill) => setTimeout(() => kill('SIGTERM'), 50));
    expect(r.end).toEqual({ kind: 'signaled', signal: 'SIGTERM' });
  });

  it.each([
    ['a name not on PATH', 'vstrace-no-such-command', 'ENOENT'],
    ['a file that is not executable', 'plain.txt', 'EACCES'],
  ])('reports %s as a failure with its code, never a throw', async (_label, name, code) => {
    const file = name.includes('.') ? join(dir, name) : name;
    if (file !== name) writeFileSync(file, 'not a program\n', { mode: 0o644 });
    const r = await ended({ file }, how);
    expect(r.end).toMatchObject({ kind: 'failed', code });
    expect(r.sync).toBe(false);
  });

  it('passes argv and the environment exactly, nothing added', async () => {
    const out = join(dir, 'out');
    const script = `printf '%s|' "$0" "$@" > ${out}; env >> ${out}`;
    const r = await ended({ file: 'sh', args: ['-c', script, 'zero', 'a b', '', 'ü'], env: { PATH: process.env.PATH ?? '', ONLY: 'this=that' } }, how);
    expect(r.end).toEqual({ kind: 'exited', code: 0 });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('zero|a b||ü|')).toBe(true);
    const vars = text
      .slice(text.indexOf('|ü|') + 3)
      .trim()
      .split('\n')
      .filter((line) => !/^(PWD|SHLVL|_)=/.test(line));
    expect(vars.sort()).toEqual([`ONLY=this=that`, `PATH=${process.env.PATH ?? ''}`].sort());
  });

  it('hands a descriptor of its own to the child at the number asked, and leaves an ignored slot closed', async () => {
    const out = join(dir, 'fd5');
    writeFileSync(out, '');
    const fd = openSync(out, 'w');
    try {
      const r = await ended(
        { file: 'sh', args: ['-c', 'echo via-5 >&5; if { echo no >&4; } 2>/dev/null; then echo 4:open; else echo 4:closed; fi >&5'], stdio: ['ignore', 'ignore', 'ignore', 'ignore', 'ignore', fd] },
        how,
      );
      expect(r.end).toEqual({ kind: 'exited', code: 0 });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(out, 'utf8')).toBe('via-5\n4:closed\n');
  });
});
