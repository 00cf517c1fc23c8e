import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const store = useTempStore();
const today = () => `${new Date().toISOString().slice(0, 10)}.jsonl`;
const run = (home: string, ...command: string[]) => spawnSync(VSTRACE, ['run', '--', ...command], { env: { ...store.env, VSTRACE_HOME: home }, encoding: 'utf8', timeout: 30_000 });

describe('the store cannot be turned against its owner', () => {
  it('a symlink planted at the segment path is not followed: its target stays as it was, the command keeps its status', () => {
    const victim = join(store.dir, 'bashrc');
    writeFileSync(victim, 'alias ls=ls\n');
    mkdirSync(join(store.home, 'traces'), { recursive: true, mode: 0o700 });
    symlinkSync(victim, join(store.home, 'traces', today()));
    const r = run(store.home, 'sh', '-c', 'exit 3');
    expect(r.status).toBe(3);
    expect(readFileSync(victim, 'utf8')).toBe('alias ls=ls\n');
    expect(r.stderr).toMatch(/is a symbolic link: not writing through it \(remove it\)/);
  });

  it('a store of the user own that others can write is made private (700), and used', () => {
    mkdirSync(store.home, { mode: 0o700 });
    chmodSync(store.home, 0o777);
    const r = run(store.home, 'true');
    expect(r.status).toBe(0);
    expect(statSync(store.home).mode & 0o777).toBe(0o700);
    expect(r.stderr).toMatch(/was writable by others: made it private \(mode 700\)/);
    expect(storedSpans(store.home)).toHaveLength(1);
  });

  it('a store owned by another user is not written, with one warning; the command keeps its status', () => {
    // As root, a directory of its own handed to nobody; as anyone else, a root-owned one is already another user's.
    const foreign = join(store.dir, 'planted');
    mkdirSync(foreign, { mode: 0o777 });
    chmodSync(foreign, 0o777);
    if (process.getuid?.() === 0) chownSync(foreign, 65534, 65534);
    const home = process.getuid?.() === 0 ? foreign : '/var/tmp';
    const r = run(home, 'sh', '-c', 'exit 4');
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/belongs to another user \(uid \d+\): not writing to it/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(home, 'traces'))).toBe(false);
  });

  it.each([
    ['ls', '--since', 'all'],
    ['show', 'last'],
    ['stats', '--since', 'all'],
    ['report', '--out', 'r.html'],
  ])('a FIFO planted as a segment: %s skips it with a warning instead of hanging', (...args) => {
    expect(run(store.home, 'true').status).toBe(0);
    // yesterday's: within retention, so no prune removes it first
    const fifo = join(store.home, 'traces', `${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}.jsonl`);
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = spawnSync(VSTRACE, args, { env: store.env, cwd: store.dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout: it did not hang
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`skipped ${fifo}: not a regular file (remove it)`);
  });
});

describe("vstrace's own small files: never written through a planted symlink, never read from a planted FIFO", () => {
  it('the daily prune marker: a symlink there leaves its target as it was', () => {
    expect(run(store.home, 'true').status).toBe(0);
    const victim = join(store.dir, 'profile');
    writeFileSync(victim, 'export PATH\n');
    mkdirSync(join(store.home, 'index'), { recursive: true, mode: 0o700 });
    symlinkSync(victim, join(store.home, 'index', '.last-prune'));
    const r = spawnSync(VSTRACE, ['ls'], { env: store.env, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('export PATH\n');
  });

  it('the config cache: a FIFO there does not hang the run, and a symlink there is not written through', () => {
    const project = join(store.dir, 'p');
    mkdirSync(project);
    writeFileSync(join(project, '.vstracerc.yaml'), 'service: cached\n');
    const cache = join(store.dir, 'cache');
    mkdirSync(join(cache, 'vstrace'), { recursive: true });
    const env = { ...store.env, XDG_CACHE_HOME: cache };
    expect(spawnSync('mkfifo', [join(cache, 'vstrace', 'config-cache.json')]).status).toBe(0);
    const r = spawnSync(VSTRACE, ['run', '--', 'sh', '-c', 'exit 5'], { env, cwd: project, encoding: 'utf8', timeout: 20_000 });
    expect([r.signal, r.status]).toEqual([null, 5]);
    expect(storedSpans(store.home).map((s) => s.resource['service.name'])).toEqual(['cached']);
    const victim = join(store.dir, 'victim');
    writeFileSync(victim, 'mine\n');
    spawnSync('rm', [join(cache, 'vstrace', 'config-cache.json')]);
    symlinkSync(victim, join(cache, 'vstrace', 'config-cache.json'));
    expect(spawnSync(VSTRACE, ['run', '--', 'true'], { env, cwd: project, encoding: 'utf8', timeout: 20_000 }).status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('mine\n');
  });
});

describe('an index that does not check out is rebuilt', () => {
  it('edited in place, same length (start times 9999…, durations 9999): ls, show and stats read the segment again, no internal error', () => {
    for (let i = 0; i < 2; i++) expect(run(store.home, 'true').status).toBe(0);
    const ls = () => spawnSync(VSTRACE, ['ls', '--json'], { env: store.env, encoding: 'utf8', timeout: 20_000 });
    const truth = JSON.parse(ls().stdout) as Array<{ start: string; durationMs: number }>;
    const index = join(store.home, 'index', today().replace('.jsonl', '.idx'));
    const text = readFileSync(index, 'utf8');
    const edited = text.replace(/\t\d{16}\t\d+\t/g, (m) => `\t${'9'.repeat(16)}\t${'9'.repeat(m.split('\t')[2]!.length)}\t`);
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    writeFileSync(index, edited);
    expect(JSON.parse(ls().stdout)).toEqual(truth);
    for (const args of [
      ['show', 'last'],
      ['stats', '--since', 'all'],
      ['stats', '--since', '1d', '--compare'],
    ]) {
      const r = spawnSync(VSTRACE, args, { env: store.env, encoding: 'utf8', timeout: 20_000 });
      expect([r.status, r.stderr], args.join(' ')).toEqual([0, '']);
    }
  });
});
