import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, storedSpans, vstraceAsync, vstraceSync, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { exited, fileExists, waitFor } from '../support/wait.ts';

const store = useTempStore();

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('vstrace run: stdio is the command own', () => {
  it('passes 5 MB of binary stdout through byte for byte, and stdin in', () => {
    const data = randomBytes(5 * 1024 * 1024);
    const r = spawnSync(VSTRACE, ['run', '--', 'cat'], { env: store.env, input: data, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(data.length);
    expect(sha(r.stdout)).toBe(sha(data));
    expect(r.stderr.length).toBe(0);
  });

  it('keeps stderr separate and unbuffered relative to stdout order per stream', () => {
    const r = vstraceSync(['run', '--', 'sh', '-c', 'echo out1; echo err1 >&2; echo out2; echo err2 >&2'], { env: store.env });
    expect(r.stdout).toBe('out1\nout2\n');
    expect(r.stderr).toBe('err1\nerr2\n');
  });

  it('keeps a TTY a TTY (script(1) gives it a real pty)', () => {
    const line = `${VSTRACE} run -- sh -c 'test -t 0 && test -t 1 && test -t 2 && echo all-tty'`;
    const r = spawnSync('script', ['-qec', line, '/dev/null'], { env: store.env, encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout).toContain('all-tty');
    expect(r.status).toBe(0);
  });
});

describe('vstrace run: signals', () => {
  it.each(['SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const)('relays %s to the command exactly once when sent to vstrace', async (signal) => {
    const log = `${store.dir}/signals.log`;
    const child = vstraceAsync(['run', '--', `${FIXTURES}/record-signals.sh`, log], { env: store.env });
    await waitFor(fileExists(`${log}.ready`), 'the fixture to start');
    child.kill(signal);
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes(signal.slice(3)), `${signal} to arrive`);
    // Time for a second, duplicate delivery to show up if there were one.
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const end = await exited(child);
    expect({ end, log: readFileSync(log, 'utf8') }).toEqual({ end: { code: 0, signal: null }, log: `${signal.slice(3)}\nTERM\n` });
  });

  it('waits for a command that ignores SIGINT, then returns its status and records the span', async () => {
    const ready = `${store.dir}/ready`;
    const child = vstraceAsync(['run', '--', `${FIXTURES}/ignore-int.sh`, ready], { env: store.env });
    await waitFor(fileExists(ready), 'the fixture to start');
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 7, signal: null });
    const [span] = storedSpans(store.home);
    expect(span?.attributes['process.exit.code']).toBe(7);
  });

  it('SIGTERM to vstrace ends the command and vstrace dies by it too, after recording', async () => {
    const child = vstraceAsync(['run', '--', 'sleep', '30'], { env: store.env });
    await waitFor(() => spawnSync('pgrep', ['-P', String(child.pid), 'sleep']).status === 0, 'sleep to start');
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(spawnSync('pgrep', ['-P', String(child.pid)]).status).toBe(1);
    const [span] = storedSpans(store.home);
    expect(span?.attributes.signal).toBe('SIGTERM');
  });

  it('Ctrl-C on a terminal reaches the command once, and vstrace exits as the command did', () => {
    const script = `${store.dir}/ctrl-c.sh`;
    writeFileSync(script, 'n=0; trap \'n=$((n+1))\' INT; echo ready; while [ "$n" -eq 0 ]; do sleep 0.05; done; sleep 0.5; echo "INTS=$n"; exit 3\n');
    const r = spawnSync('python3', [`${FIXTURES}/ctrl-c.py`, VSTRACE, 'run', '--', 'bash', script], { env: store.env, encoding: 'utf8', timeout: 30_000 });
    const result = JSON.parse(r.stdout) as { output: string; exit: number };
    expect(result.output).toContain('INTS=1');
    expect(result.exit).toBe(3);
  });
});
