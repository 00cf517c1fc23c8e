import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bashSync, storedSpans, vstraceSync, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { exited, waitFor } from '../support/wait.ts';

const store = useTempStore();

describe('vstrace run: exit status', () => {
  it('returns the command own code, sampled across 0-255, and records each as a span', () => {
    const codes = [0, 1, 2, 42, 100, 125, 126, 127, 128, 200, 254, 255];
    for (const code of codes) {
      const r = vstraceSync(['run', '--', 'sh', '-c', `exit ${code}`], { env: store.env });
      expect(r.status, `exit ${code}`).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('');
    }
    const spans = storedSpans(store.home);
    expect(spans.map((s) => s.attributes['process.exit.code'])).toEqual(codes);
    expect(spans.map((s) => s.status.code)).toEqual(codes.map((c) => (c === 0 ? 'unset' : 'error')));
    expect(spans.filter((s) => s.attributes.error === true)).toHaveLength(codes.length - 1);
    expect(spans[3]?.status.message).toBe('exit code 42');
  });

  it.each([
    ['TERM', 143],
    ['INT', 130],
    ['KILL', 137],
    ['QUIT', 131],
    ['SEGV', 139],
    ['PIPE', 141],
  ])('dies by SIG%s like the command, so the shell sees %i', (sig, status) => {
    const line = `sh -c 'kill -${sig} $$'`;
    const bare = bashSync(`${line}; echo "status=$?"`, store.env);
    const wrapped = bashSync(`${VSTRACE} run -- ${line}; echo "status=$?"`, store.env);
    expect(bare.stdout).toBe(`status=${status}\n`);
    expect(wrapped.stdout).toBe(bare.stdout);
    const direct = vstraceSync(['run', '--', 'sh', '-c', `kill -${sig} $$`], { env: store.env });
    expect(direct.signal).toBe(`SIG${sig}`);
    const [span] = storedSpans(store.home).slice(-1);
    expect(span?.attributes.signal).toBe(`SIG${sig}`);
    expect(span?.status).toEqual({ code: 'error', message: `killed by SIG${sig}` });
  });

  it('127 for a command not found, 126 for one not executable: one line each, and still a span', () => {
    const missing = vstraceSync(['run', '--', 'no-such-command-xyz'], { env: store.env });
    expect(missing.status).toBe(127);
    expect(missing.stderr).toBe('vstrace: no-such-command-xyz: command not found (check the spelling, or that it is on PATH)\n');
    const plain = `${store.dir}/not-executable`;
    writeFileSync(plain, 'echo hi\n', { mode: 0o644 });
    const notExec = vstraceSync(['run', '--', plain], { env: store.env });
    expect(notExec.status).toBe(126);
    expect(notExec.stderr).toBe(`vstrace: ${plain}: permission denied (is it executable? try chmod +x ${plain})\n`);
    const spans = storedSpans(store.home);
    expect(spans.map((s) => [s.status.code, s.attributes['process.exit.code']])).toEqual([
      ['error', 127],
      ['error', 126],
    ]);
  });

  it('a script whose #! interpreter is missing: 127 as under bash, and a message that points at the #! line', () => {
    const script = `${store.dir}/bad-interpreter`;
    writeFileSync(script, '#!/nonexistent/sh\necho hi\n', { mode: 0o755 });
    const bare = bashSync(`"${script}"; echo "status $?"`, store.env);
    const r = vstraceSync(['run', '--', script], { env: store.env });
    expect(`status ${r.status}\n`).toBe(`${bare.stdout.split('\n').at(-2)}\n`);
    expect(r.stderr).toBe(`vstrace: ${script}: cannot execute: required file not found (check the interpreter on its #! line)\n`);
    // found on PATH: the same message, with the path exec took
    const onPath = vstraceSync(['run', '--', 'bad-interpreter'], { env: { ...store.env, PATH: `${store.dir}:${store.env.PATH}` } });
    expect([onPath.status, onPath.stderr]).toEqual([127, `vstrace: ${script}: cannot execute: required file not found (check the interpreter on its #! line)\n`]);
    const gone = vstraceSync(['run', '--', `${store.dir}/nothing-here`], { env: store.env });
    expect([gone.status, gone.stderr]).toEqual([127, `vstrace: ${store.dir}/nothing-here: no such file or directory\n`]);
  });

  it('125 for its own usage errors, before anything runs', () => {
    for (const args of [['run', '--bogus', '--', 'touch', `${store.dir}/ran`], ['run'], ['run', '--tag', 'novalue', '--', 'touch', `${store.dir}/ran`]]) {
      const r = vstraceSync(args, { env: store.env });
      expect(r.status, args.join(' ')).toBe(125);
      expect(r.stderr).toMatch(/error|invalid/);
      expect(r.stdout).toBe('');
    }
    expect(bashSync(`test -e ${store.dir}/ran; echo $?`, store.env).stdout).toBe('1\n');
    expect(storedSpans(store.home)).toEqual([]);
  });

  it.each([
    ['/dev/null/store', 'a file where a directory should be'],
    ['/proc/vstrace-store', "a directory that refuses children (Node's recursive mkdir loops there)"],
  ])('keeps the command outcome when the store cannot be written (%s: %s): one warning, same status', (home) => {
    const broken = { ...store.env, VSTRACE_HOME: home };
    const r = vstraceSync(['run', '--', 'sh', '-c', 'echo out; exit 3'], { env: broken });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toMatch(/^vstrace: warning: could not record the span: .*VSTRACE_HOME/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const quiet = vstraceSync(['run', '--quiet', '--', 'true'], { env: broken });
    expect([quiet.status, quiet.stderr]).toEqual([0, '']);
  });

  it('warns about a bad parent and starts a new trace, still running the command', () => {
    const r = vstraceSync(['run', '--parent', 'nonsense', '--', 'sh', '-c', 'exit 4'], { env: store.env });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/warning: invalid parent "nonsense".*starts a new trace/);
    const bad = vstraceSync(['run', '--', 'true'], { env: { ...store.env, TRACEPARENT: '00-zz' } });
    expect(bad.status).toBe(0);
    expect(bad.stderr).toMatch(/warning: TRACEPARENT: invalid traceparent/);
    const spans = storedSpans(store.home);
    expect(spans.every((s) => s.parentSpanId === undefined)).toBe(true);
  });
});

describe('kill -9 of vstrace, as docs/fidelity.md says', () => {
  const kill9Store = useTempStore();
  it('the command keeps running (SIGKILL cannot be relayed) until it is signalled itself', async () => {
    const wrapper = spawn(VSTRACE, ['run', '--', 'sleep', '30'], { env: kill9Store.env, stdio: 'ignore' });
    const childOf = () => spawnSync('pgrep', ['-P', String(wrapper.pid)], { encoding: 'utf8' }).stdout.trim();
    await waitFor(() => childOf() !== '', 'the command started', 30_000);
    const command = Number(childOf());
    process.kill(wrapper.pid!, 'SIGKILL');
    await exited(wrapper);
    expect(() => process.kill(command, 0)).not.toThrow();
    process.kill(command, 'SIGKILL');
    await waitFor(() => spawnSync('kill', ['-0', String(command)]).status !== 0, 'the command gone', 30_000);
  }, 60_000);
});
