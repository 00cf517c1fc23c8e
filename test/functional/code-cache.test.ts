import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_WRAPPER } from '../../src/boot.ts';
import { CODE_CACHED_CHUNKS } from '../../src/chunks.ts';
import { ROOT, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

// src/boot.ts: the bins load their bundle with a V8 code cache kept in the user's private cache directory.
const store = useTempStore();
const cacheDir = () => join(store.dir, 'cache', 'vstrace', 'v8');
const env = () => ({ ...store.env, XDG_CACHE_HOME: join(store.dir, 'cache') });
const run = (args = ['run', '--', 'sh', '-c', 'echo out; exit 3']) => {
  const r = vstraceSync(args, { env: env() });
  expect(r.stdout).toBe(args[0] === 'run' ? 'out\n' : r.stdout);
  expect(r.stderr).toBe('');
  return r;
};
const cacheFiles = () => readdirSync(cacheDir()).filter((name) => name.startsWith('cli-'));
const only = () => {
  const files = cacheFiles();
  expect(files).toHaveLength(1);
  return join(cacheDir(), files[0]!);
};

describe('the V8 code cache of the run path', () => {
  it('is written by the first start, owner-only, and taken as it is by the next', () => {
    expect(run().status).toBe(3);
    const file = only();
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(file).toContain(`${process.version}-${process.arch}-`);
    const first = statSync(file);
    expect(run().status).toBe(3);
    // A cache V8 accepted is not written again: same file, same bytes.
    const second = statSync(only());
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    expect(storedSpans()).toBe(2);
  });

  it('that V8 rejects (garbage) costs nothing but a fresh compile, and is replaced', () => {
    run();
    const file = only();
    writeFileSync(file, 'not a code cache');
    expect(run().status).toBe(3);
    expect(readFileSync(only()).length).toBeGreaterThan(10_000);
  });

  it.each([
    ['writable by others', (file: string) => chmodSync(file, 0o666)],
    ['owned by another user', (file: string) => chownSync(file, 65534, 65534)],
  ])("is not read when %s, and is replaced by one of the user's own", (_label, plant) => {
    // A cache V8 would accept: were it read, it would be kept as it is (the first test), with its planted owner and mode.
    run();
    const file = only();
    plant(file);
    expect(run().status).toBe(3);
    const s = statSync(only());
    expect([s.uid, s.mode & 0o777]).toEqual([process.getuid!(), 0o600]);
    expect(readFileSync(only()).length).toBeGreaterThan(10_000);
  });

  it('is not written into a directory others can write', () => {
    run();
    const file = only();
    chmodSync(cacheDir(), 0o777);
    writeFileSync(file, 'planted');
    expect(run().status).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe('planted');
  });

  it('never follows a link planted at its path', () => {
    run();
    const file = only();
    const target = join(store.dir, 'victim');
    writeFileSync(target, 'keep me');
    // An old cache name: the run writes its own beside it, then removes what is not its own (the link, not its target).
    const planted = file.replace(/-\d+\.bin$/, '-1.bin');
    symlinkSync(target, planted);
    rmSync(file);
    expect(run().status).toBe(3);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(existsSync(planted)).toBe(false);
    expect(only()).toBe(file);
  });

  it('of an older bundle is removed when the bundle changes (the name carries its identity)', () => {
    run();
    const old = only();
    const stale = old.replace(/-(\d+)-(\d+)\.bin$/, '-1-$2.bin');
    writeFileSync(stale, 'from an older bundle', { mode: 0o600 });
    utimesSync(stale, new Date(0), new Date(0));
    rmSync(old);
    run();
    expect(cacheFiles()).toEqual([old.split('/').pop()]);
  });

  it('is no requirement: an unusable cache directory leaves the run as it is', () => {
    mkdirSync(join(store.dir, 'cache'), { recursive: true });
    writeFileSync(join(store.dir, 'cache', 'vstrace'), 'a file where the directory would be');
    expect(run().status).toBe(3);
    expect(run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

function storedSpans(): number {
  return readdirSync(join(store.home, 'traces'))
    .filter((name) => name.endsWith('.jsonl'))
    .reduce(
      (n, name) =>
        n +
        readFileSync(join(store.home, 'traces', name), 'utf8')
          .trim()
          .split('\n').length,
      0,
    );
}

describe('the chunks loaded through the code cache', () => {
  it('hold no dynamic import(), which a vm.Script cannot serve (it would fail only for the installed bins)', () => {
    for (const name of ['cli', 'sh', ...CODE_CACHED_CHUNKS]) {
      const source = readFileSync(join(ROOT, 'dist', `${name}.js`), 'utf8');
      expect(source.length, name).toBeGreaterThan(1000);
      expect(source.match(/\bimport\(/g) ?? [], name).toEqual([]);
    }
  });

  it('are stored as the function boot compiles, and nothing else is', () => {
    const loadedByBoot = new Set(['cli', 'sh', ...CODE_CACHED_CHUNKS]);
    const bundles = readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
    expect(bundles.length).toBeGreaterThan(loadedByBoot.size);
    for (const file of bundles) {
      const source = readFileSync(join(ROOT, 'dist', file), 'utf8');
      expect([file, source.startsWith(BUNDLE_WRAPPER)]).toEqual([file, loadedByBoot.has(file.replace(/\.js$/, ''))]);
    }
  });

  it('still run when Node requires them itself, as the Action runs `node dist/cli.js flush`: the CLI runs, a chunk gives its exports', () => {
    const cli = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', '--', 'sh', '-c', 'echo out; exit 3'], { env: env(), encoding: 'utf8' });
    expect([cli.status, cli.stdout, cli.stderr]).toEqual([3, 'out\n', '']);
    const traces = JSON.parse(vstraceSync(['ls', '--json'], { env: env() }).stdout) as Array<{ name: string; errors: number }>;
    expect(traces.map((t) => [t.name, t.errors])).toEqual([['sh', 1]]);
    const flush = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'flush'], { env: env(), encoding: 'utf8' });
    expect([flush.status, flush.stdout]).toEqual([0, 'nothing queued for export (no exporter configured: spans stay in the local store; see --exporter)\n']);
    for (const name of CODE_CACHED_CHUNKS) {
      const exported = spawnSync(process.execPath, ['-p', `Object.keys(require(${JSON.stringify(join(ROOT, 'dist', `${name}.js`))})).length`], { env: env(), encoding: 'utf8' });
      expect([name, exported.stderr, Number(exported.stdout)]).toEqual([name, '', expect.any(Number)]);
      expect(Number(exported.stdout), name).toBeGreaterThan(0);
    }
  });

  it('each serve its command through the cache: the cache file of each is written by its first start', () => {
    const starts: Record<string, string[]> = { program: ['ls'], event: ['event', '-type=build', 'start'], report: ['report', '--out', join(store.dir, 'r.html')] };
    for (const [name, args] of Object.entries(starts)) {
      expect(CODE_CACHED_CHUNKS.has(name), name).toBe(true);
      const r = vstraceSync(args, { env: env() });
      expect([name, r.status, r.stderr]).toEqual([name, 0, '']);
      expect(
        readdirSync(cacheDir()).filter((f) => f.startsWith(`${name}-`)),
        name,
      ).toHaveLength(1);
    }
  });
});
