import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { useFigures } from './support/figures.ts';
import { nestedSample, runMake, SIGNALS } from './support/matrix.ts';

/**
 * Process fidelity, second half (the shells' matrix is in fidelity.test.ts; two
 * files so the two test workers share the cost): make's view of every status,
 * the wait status a parent process sees, and the bytes and their order.
 */
const store = useTempStore();
const figures = useFigures('fidelity-make-output');
const CODES = Array.from({ length: 256 }, (_, i) => i);
const NESTED = nestedSample(16);
const MINUTES = 60_000;

describe('exit statuses and signal deaths under make', () => {
  it(
    'make reports the same status or death for every recipe, bare, wrapped and nested',
    () => {
      const targets = [...CODES.map((c) => `c${c}`), ...SIGNALS.map((s) => `s${s}`)];
      const nestedTargets = targets.filter((t) => t.startsWith('s') || NESTED.has(Number(t.slice(1))));
      const bare = runMake(targets, '', store.env);
      const wrapped = runMake(targets, `${VSTRACE} run --`, store.env);
      const nested = runMake(nestedTargets, `${VSTRACE} run -- ${VSTRACE} run --`, store.env);

      expect(bare.trim().split('\n')).toHaveLength(targets.length - 1); // c0 succeeds silently
      expect(bare).toContain('c42] Error 42 (ignored)');
      expect(bare).toContain('sKILL] Killed (ignored)');
      expect(wrapped).toBe(bare);
      const bareNestedLines = bare.split('\n').filter((l) => nestedTargets.some((t) => l.includes(`: ${t}]`)));
      expect(nested.trim().split('\n')).toEqual(bareNestedLines);

      const spansExpected = targets.length + 2 * nestedTargets.length;
      const stored = storedSpans(store.home).length;
      figures.spansExpected += spansExpected;
      figures.spansLost += Math.max(0, spansExpected - stored);
      expect(stored).toBe(spansExpected);
      figures.runs += targets.length + nestedTargets.length;
    },
    10 * MINUTES,
  );
});

describe('signal deaths as the parent process sees them (wait status, not a number)', () => {
  it.each(SIGNALS)('SIG%s: bare, wrapped and nested all die by it', (sig) => {
    const cmd = ['sh', '-c', `kill -${sig} $$`];
    const variants = [cmd, [VSTRACE, 'run', '--', ...cmd], [VSTRACE, 'run', '--', VSTRACE, 'run', '--', ...cmd]];
    const deaths = variants.map(([file, ...args]) => {
      const r = spawnSync(file!, args, { env: store.env, timeout: 60_000 });
      return { status: r.status, signal: r.signal };
    });
    expect(deaths).toEqual(variants.map(() => ({ status: null, signal: `SIG${sig}` })));
    figures.runs += variants.length;
  });
});

/** Streams a process's stdout and stderr through SHA-256: nothing of the 100 MB is held in the test. */
function hashOutputs(file: string, args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; out: string; err: string; outBytes: number; errBytes: number }>((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = createHash('sha256');
    const err = createHash('sha256');
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      out.update(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err.update(chunk);
      errBytes += chunk.length;
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, out: out.digest('hex'), err: err.digest('hex'), outBytes, errBytes }));
  });
}

describe('output fidelity', () => {
  const MB100 = 100 * 1024 * 1024;
  // Deterministic binary noise (AES-CTR keystream), 100 MB on stdout and another 100 MB on stderr at the same time.
  const gen = (key: string) => `head -c ${MB100} /dev/zero | openssl enc -aes-128-ctr -K ${key.repeat(16)} -iv ${'0'.repeat(32)} -nosalt`;
  const line = `(${gen('01')} >&2) & ${gen('02')}; wait; exit 3`;

  it(
    '100 MB of binary stdout and 100 MB of stderr, concurrently: byte-identical bare, wrapped and nested',
    async () => {
      const bare = await hashOutputs('sh', ['-c', line], store.env);
      const wrapped = await hashOutputs(VSTRACE, ['run', '--', 'sh', '-c', line], store.env);
      const nested = await hashOutputs(VSTRACE, ['run', '--', VSTRACE, 'run', '--', 'sh', '-c', line], store.env);
      expect(bare).toMatchObject({ status: 3, outBytes: MB100, errBytes: MB100 });
      expect(wrapped).toEqual(bare);
      expect(nested).toEqual(bare);
      const stored = storedSpans(store.home).length;
      figures.spansExpected += 3;
      figures.spansLost += Math.max(0, 3 - stored);
      expect(stored).toBe(3);
      figures.runs += 3;
      figures.notes.push('output: 100 MB stdout + 100 MB stderr written concurrently, SHA-256 identical bare, wrapped and nested');
    },
    5 * MINUTES,
  );

  const interleave = `i=0; while [ $i -lt 500 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done`;
  const expectedTranscript = Array.from({ length: 500 }, (_, i) => `out ${i}\r\nerr ${i}\r\n`).join('');

  it('stdout and stderr sharing one pty (script(1)) keep their interleaving, line for line', () => {
    const transcript = (cmd: string) => spawnSync('script', ['-qec', cmd, '/dev/null'], { env: store.env, encoding: 'utf8', timeout: 60_000 }).stdout;
    const bare = transcript(`sh -c '${interleave}'`);
    expect(bare).toBe(expectedTranscript);
    expect(transcript(`${VSTRACE} run -- sh -c '${interleave}'`)).toBe(bare);
    expect(transcript(`${VSTRACE} run -- ${VSTRACE} run -- sh -c '${interleave}'`)).toBe(bare);
    figures.runs += 3;
  });

  it('the same through a Python pty, where the reader is not script(1)', () => {
    // pty.spawn copies the pty's output to our stdout as it comes, in the order the pty delivered it.
    const py = 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';
    const run = (argv: string[]) => spawnSync('python3', ['-c', py, ...argv], { env: store.env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const bare = run(['sh', '-c', `${interleave}; exit 5`]);
    expect([bare.status, bare.stdout]).toEqual([5, expectedTranscript]);
    const wrapped = run([VSTRACE, 'run', '--', 'sh', '-c', `${interleave}; exit 5`]);
    expect([wrapped.status, wrapped.stdout]).toEqual([5, expectedTranscript]);
    figures.runs += 2;
  });
});
