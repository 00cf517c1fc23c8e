import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { DIR_MODE, READ_FLAGS } from './fs/modes.ts';
import { writePrivate } from './fs/private-write.ts';
import { fnv1aHex } from './trace/fnv.ts';

/**
 * Loads dist/ bundles with a V8 code cache, so that a start-up compiles
 * nothing it compiled before: parsing the 120 KB run path costs ~5 ms on
 * every start, and the lazily compiled functions of a run as much again
 * (docs/performance.md). Node 20 has no compile cache of its own; Node's
 * (≥ 22.1) keeps its files in the shared temporary directory, this one in
 * the user's private cache directory — the cache holds code, so only a file
 * the user owns, that nobody else can write, reached without a link, is
 * used. Every failure is silent: without a cache, the bundle compiles as a
 * plain require() would. The first start of a bundle on a Node writes its
 * cache on exit, with the functions that run compiled in.
 */
const loaded = new Map<string, unknown>();

/**
 * The start of a bundle dist/ stores ready to compile (scripts/build.mjs): a
 * CommonJS module's function. Compiling the string as read spares a copy of
 * the bundle at every start; any other bundle is wrapped here. A script's
 * value is the function (no `module` in the global scope); Node requiring the
 * file directly (`node dist/cli.js`, as the Action's post step runs flush)
 * has one, and the expression calls the function with it.
 */
export const BUNDLE_WRAPPER = "(typeof module === 'object' ? (f) => f(exports, require, module, __filename, __dirname) : (f) => f)(function (exports, require, module, __filename, __dirname) {";
const uid = process.getuid?.();

export function load<T>(name: string): T {
  const file = join(__dirname, `${name}.js`);
  if (loaded.has(file)) return loaded.get(file) as T;
  const source = readFileSync(file, 'utf8');
  const cache = cacheFileFor(name, file);
  const cached = cache ? readOwn(cache.path) : undefined;
  const script = new Script(source.startsWith(BUNDLE_WRAPPER) ? source : `${BUNDLE_WRAPPER}${source}\n})`, {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
  });
  if (cache && (!cached || script.cachedDataRejected)) process.once('exit', () => writeCache(cache, () => script.createCachedData()));
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, __dirname);
  loaded.set(file, module.exports);
  return module.exports;
}

interface CacheFile {
  dir: string;
  path: string;
  /** The start of every cache file name of this bundle, to remove the ones of an older bundle or Node. */
  prefix: string;
}

/**
 * V8 checks a cache's version, flags and source length, not its content: the
 * name carries the bundle's identity (size, modification time, inode) so an
 * upgraded bundle of the same length never takes an old cache.
 */
function cacheFileFor(name: string, file: string): CacheFile | undefined {
  if (uid === undefined) return undefined;
  const base = process.env.XDG_CACHE_HOME?.trim() || (process.env.HOME ? join(process.env.HOME, '.cache') : '');
  if (!base.startsWith('/')) return undefined;
  try {
    const s = statSync(file);
    const dir = join(base, 'vstrace', 'v8');
    // Per installed copy (a global install and a project's own keep a cache each), per bundle.
    const prefix = `${name}-${fnv1aHex(file)}-`;
    return { dir, prefix, path: join(dir, `${prefix}${process.version}-${process.arch}-${s.size}-${Math.trunc(s.mtimeMs)}-${s.ino}.bin`) };
  } catch {
    return undefined;
  }
}

function readOwn(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    if (!privateDir(dirname(path))) return undefined;
    fd = openSync(path, READ_FLAGS);
    const s = fstatSync(fd);
    if (!s.isFile() || s.uid !== uid || (s.mode & 0o022) !== 0 || s.size > 64 * 1024 * 1024) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const privateDir = (path: string): boolean => {
  const s = lstatSync(path);
  return s.isDirectory() && s.uid === uid && (s.mode & 0o022) === 0;
};

/** Written aside and renamed (concurrent first starts never see half a file); a cache of an older bundle or Node goes. */
function writeCache({ dir, path, prefix }: CacheFile, data: () => Buffer): void {
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    if (!privateDir(dir)) return;
    const temp = `${path}.${process.pid}`;
    writePrivate(temp, data());
    renameSync(temp, path);
    for (const old of readdirSync(dir)) if (old.startsWith(prefix) && join(dir, old) !== path && !old.includes('.bin.')) unlinkSync(join(dir, old));
  } catch {
    // No cache this time: the next start compiles again.
  }
}
