import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE, VSTRACE_SH } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const store = useTempStore();

/** A line of bash, as a user's shell runs it: `$?` and the descriptors it opens are real. */
const bash = (line: string, env = store.env, cwd = store.dir) => spawnSync('bash', ['-c', line], { env, cwd, encoding: 'utf8', timeout: 30_000 });

/** The open descriptors the command sees (the listing's own directory descriptor is closed by the time it tests them). */
const LIST_FDS = `sh -c 'l=; for f in /proc/$$/fd/*; do [ -e "$f" ] && l="$l \${f##*/}"; done; echo $l'`;

describe('vstrace run: descriptors beyond 0–2 are the command own, as bare', () => {
  it('hands on a descriptor the shell opened (exec 3>&1; … echo x >&3)', () => {
    const r = bash(`exec 3>&1; ${VSTRACE} run -- sh -c 'echo x >&3'`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('x\n');
    expect(r.status).toBe(0);
  });

  it('keeps a lock held on fd 9 (exec 9>lock; flock -n 9)', () => {
    const r = bash(`exec 9>lock; ${VSTRACE} run -- sh -c 'flock -n 9 && echo locked'`);
    expect(r.stdout).toBe('locked\n');
    expect(r.status).toBe(0);
  });

  it('hands on an input descriptor (4<file) and a high one (200>&1)', () => {
    writeFileSync(join(store.dir, 'pass'), 'secret-from-fd-4\n');
    const r = bash(`exec 200>&1; ${VSTRACE} run -- bash -c 'cat <&4; echo high >&200' 4<pass`);
    expect(r.stdout).toBe('secret-from-fd-4\nhigh\n');
    expect(r.status).toBe(0);
  });

  it('gives the command exactly the descriptors it has bare: none of vstrace own', () => {
    const line = `exec 3</dev/null 7>out 12>&2; `;
    const bare = bash(`${line}${LIST_FDS}`);
    const wrapped = bash(`${line}${VSTRACE} run -- ${LIST_FDS}`);
    expect(bare.stdout.trim().split(' ')).toEqual(expect.arrayContaining(['0', '1', '2', '3', '7', '12']));
    expect(wrapped.stdout).toBe(bare.stdout);
  });

  it('hands them on through vstrace-sh too', () => {
    const r = bash(`exec 5>&1; ${VSTRACE_SH} -c 'echo via-sh >&5'`);
    expect(r.stdout).toBe('via-sh\n');
    expect(r.status).toBe(0);
  });
});

describe('vstrace run: signals the shell ignored stay ignored in the command', () => {
  const sigIgn = (line: string) => bash(line).stdout.match(/^SigIgn:\s*(\w+)$/m)?.[1];

  it.each([
    ['nohup', (cmd: string) => `nohup ${cmd}`],
    ["trap '' INT TERM", (cmd: string) => `trap '' INT TERM; ${cmd}`],
    ["a script's background job (bash ignores INT and QUIT in it)", (cmd: string) => `${cmd} & wait`],
    ['nothing ignored', (cmd: string) => cmd],
  ])('%s: the same SigIgn as bare', (_, wrap) => {
    const bare = sigIgn(wrap('grep SigIgn /proc/self/status'));
    const wrapped = sigIgn(wrap(`${VSTRACE} run -- grep SigIgn /proc/self/status`));
    expect(bare).toMatch(/^[0-9a-f]{16}$/);
    expect(wrapped).toBe(bare);
  });

  it('under nohup, a SIGHUP to vstrace and to the command ends neither', () => {
    const r = bash(`nohup ${VSTRACE} run -- sh -c 'kill -HUP $PPID; kill -HUP $$; sleep 0.2; echo survived' 2>&1`);
    expect(r.stdout).toBe('survived\n');
    expect(r.status).toBe(0);
    expect(storedSpans(store.home)).toHaveLength(1);
  });

  it('a command vstrace cannot find under nohup still fails with 127', () => {
    const r = bash(`nohup ${VSTRACE} run -- no-such-command-xyz`);
    expect(r.status).toBe(127);
    expect(r.stderr).toMatch(/no-such-command-xyz/);
  });
});

describe("vstrace run: the user's NODE_OPTIONS are the command's, not vstrace's", () => {
  it('a --require preload runs once, in the command, and the command sees NODE_OPTIONS unchanged', () => {
    const preload = join(store.dir, 'preload.js');
    writeFileSync(preload, 'process.stdout.write("PRELOADED\\n");\n');
    const env = { ...store.env, NODE_OPTIONS: `--require ${preload}` };
    const cmd = `node -e 'console.log(process.env.NODE_OPTIONS)'`;
    const bare = bash(cmd, env);
    const wrapped = bash(`${VSTRACE} run -- ${cmd}`, env);
    expect(bare.stdout).toBe(`PRELOADED\n--require ${preload}\n`);
    expect(wrapped.stdout).toBe(bare.stdout);
    expect(wrapped.status).toBe(0);
  });

  it('--inspect-brk does not stop vstrace in a debugger', () => {
    const env = { ...store.env, NODE_OPTIONS: '--inspect-brk=127.0.0.1:0' };
    const r = bash(`${VSTRACE} run -- sh -c 'echo "[$NODE_OPTIONS]"'`, env);
    expect(r.stdout).toBe('[--inspect-brk=127.0.0.1:0]\n');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Debugger/);
  });

  it('set-but-empty and unset stay as they were', () => {
    const probe = `sh -c 'echo \${NODE_OPTIONS+set}:\${NODE_OPTIONS-unset}'`;
    expect(bash(`NODE_OPTIONS= ${VSTRACE} run -- ${probe}`).stdout).toBe('set:\n');
    expect(bash(`unset NODE_OPTIONS; ${VSTRACE} run -- ${probe}`).stdout).toBe(':unset\n');
  });

  it('no VSTRACE_LAUNCH_ variable reaches the command', () => {
    expect(bash(`NODE_OPTIONS=--no-warnings ${VSTRACE} run -- env`).stdout).not.toMatch(/VSTRACE_LAUNCH/);
  });
});

describe('a deleted working directory', () => {
  const inDeleted = (cmd: string) => bash(`mkdir gone && cd gone && rmdir ../gone && ${cmd}`);

  it('vstrace run still runs the command, with its status, and records it', () => {
    const r = inDeleted(`${VSTRACE} run -- sh -c 'exit 3'`);
    expect(r.status).toBe(3);
    expect(r.stderr).not.toMatch(/uv_cwd|internal error|at /);
    const [span] = storedSpans(store.home);
    expect(span?.attributes['process.exit.code']).toBe(3);
  });

  it('vstrace-sh too', () => {
    const r = inDeleted(`${VSTRACE_SH} -c 'exit 4'`);
    expect(r.status).toBe(4);
    expect(r.stderr).not.toMatch(/uv_cwd|internal error/);
  });
});

describe('closed stdio (>&-): the known Node limitation, as docs/fidelity.md says', () => {
  const probe = `python3 -c 'import os; os.write(2, (os.readlink("/proc/self/fd/1") if os.path.exists("/proc/self/fd/1") else "closed").encode() + b"\\n")'`;
  it('bare, the command finds fd 1 closed; under vstrace, open on /dev/null, with its own status', () => {
    expect(bash(`${probe} >&-`).stderr).toBe('closed\n');
    const r = bash(`${VSTRACE} run -- ${probe} >&-`);
    expect(r.stderr).toBe('/dev/null\n');
    expect(r.status).toBe(0);
  });
});
