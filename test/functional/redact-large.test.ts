import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE_SH, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

/**
 * Arguments that made the old rule list backtrack for seconds (issue 13): a
 * 64 KB base64 certificate in `kubectl create secret … --from-literal=ca=…`
 * and a 4 KB argument of one secret word repeated. Each runs through the built
 * binary as argv, as a --shell line and through vstrace-sh; the run must
 * finish with the command's own status and record what redaction says — the
 * certificate hidden, the harmless repetition kept. (Time is the bench's job:
 * bench/redact.mjs.)
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const certificate = Array.from({ length: 64 * 1024 }, (_, i) => B64[(i * 7919 + (i >> 6)) % 64]).join('');
const repeated = 'password='.repeat(4096 / 9);
const secretWords = `--token ${'secret '.repeat(4096 / 7)}`;

describe('large hostile arguments do not stall vstrace run', () => {
  const store = useTempStore();
  const stubs = () => {
    const bin = join(store.dir, 'bin');
    mkdirSync(bin, { recursive: true });
    for (const program of ['kubectl', 'deploy']) symlinkSync('/bin/true', join(bin, program));
    return { ...store.env, PATH: `${bin}:${process.env.PATH}` };
  };
  const argvOf = () => storedSpans(store.home).map((s) => (s.attributes['process.command_args'] as string[]).join(' '));

  it('a 64 KB base64 certificate in --from-literal: the run exits 0 and no piece of it is stored, every way it is run', () => {
    const env = stubs();
    const argv = ['kubectl', 'create', 'secret', 'generic', 'tls', `--from-literal=ca=${certificate}`];
    expect(vstraceSync(['run', '--', ...argv], { env }).status).toBe(0);
    expect(vstraceSync(['run', '--shell', '--', argv.join(' ')], { env }).status).toBe(0);
    expect(spawnSync(VSTRACE_SH, ['-c', argv.join(' ')], { env, encoding: 'utf8' }).status).toBe(0);
    const stored = argvOf();
    expect(stored).toHaveLength(3);
    for (const line of stored) expect(line).not.toContain(certificate.slice(1000, 1032));
    expect(stored.filter((line) => line.includes('--from-literal=ca=[REDACTED]')).length).toBeGreaterThanOrEqual(3);
  });

  it('a 4 KB argument of a repeated secret word: the run exits as the command did and the pair is judged as one (name password, value hidden)', () => {
    const env = stubs();
    expect(vstraceSync(['run', '--', 'deploy', repeated], { env }).status).toBe(0);
    expect(vstraceSync(['run', '--shell', '--', `deploy ${repeated}; exit 3`], { env }).status).toBe(3);
    expect(spawnSync(VSTRACE_SH, ['-c', `deploy ${repeated}; exit 4`], { env, encoding: 'utf8' }).status).toBe(4);
    const [argv, ...lines] = argvOf();
    expect(argv).toBe('deploy password=[REDACTED]');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/deploy password=\[REDACTED\]; exit [34]$/);
  });

  it('a 4 KB argument of one secret word and blanks: harmless words, kept whole', () => {
    const env = stubs();
    const words = 'secret '.repeat(4096 / 7).trim();
    expect(vstraceSync(['run', '--', 'deploy', words], { env }).status).toBe(0);
    expect(vstraceSync(['run', '--shell', '--', `deploy '${words}'`], { env }).status).toBe(0);
    const [argv, shell] = argvOf();
    expect(argv).toBe(`deploy ${words}`);
    expect(shell).toContain(words);
  });

  it('a 4 KB secret flag value of repeated words: hidden, and the run exits as the command did', () => {
    const env = stubs();
    expect(vstraceSync(['run', '--shell', '--', `deploy --token '${secretWords.slice(8)}'`], { env }).status).toBe(0);
    expect(vstraceSync(['run', '--', 'deploy', '--token', secretWords.slice(8)], { env }).status).toBe(0);
    for (const line of argvOf()) {
      expect(line).toContain('--token');
      expect(line).not.toContain('secret secret');
    }
  });
});
