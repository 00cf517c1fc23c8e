import { renameSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { loadChunk } from '../chunks.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { DIR_MODE } from '../fs/modes.ts';
import type { Env } from '../trace/carrier.ts';
import { fnv1a } from '../trace/fnv.ts';
import { VERSION } from '../version.ts';
import { emptyLayer, fileLayer, type Layer } from './layers.ts';
import type { ConfigLoaders } from './loaders.ts';
import { SETTINGS } from './schema.ts';
import { expandHome, homeOf, tildify } from './values.ts';
import { writePrivate } from '../fs/private-write.ts';
import { readStoreText } from '../fs/store-read.ts';
import { readRegular } from '../fs/bounded-read.ts';

// Config files: which apply (a stat-only search), reading one into a layer, and the cache of checked YAML.

/** Names of a project's config file, looked for in each directory from the working directory up. */
export const PROJECT_FILES = ['.vstracerc', '.vstracerc.json', '.vstracerc.yaml', '.vstracerc.yml', 'vstrace.config.js', 'vstrace.config.cjs', 'vstrace.config.mjs'] as const;
/** Names of the user's file in `$XDG_CONFIG_HOME/vstrace/`, else `~/.config/vstrace/`. */
export const USER_FILES = ['config', 'config.json', 'config.yaml', 'config.yml', 'config.js', 'config.cjs', 'config.mjs'] as const;

export type FileRole = 'project' | 'user' | 'explicit';

export interface ConfigFileRef {
  path: string;
  role: FileRole;
  /** package.json: the settings are its "vstrace" key. */
  packageKey?: boolean;
  /** Why the search passed this file over: someone else could have written it. */
  untrusted?: string;
}

export interface FileChoice {
  /** Lowest precedence first: the user file, then the project (or explicit) file. */
  files: ConfigFileRef[];
  problems: string[];
}

/** A directory we may not read (another user's HOME, say) holds no config for us: never an error. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * git's rule since its safe.directory fix, for files the search finds: one
 * owned by neither you nor root, or lying in a directory others can write
 * without the sticky bit (a shared /tmp/build), may have been planted — a YAML
 * file sending every span to someone's endpoint, a JavaScript one run with your
 * rights. It is passed over with a one-line warning; naming it with --config
 * or VSTRACE_CONFIG still uses it.
 */
function distrust(path: string, uid = process.getuid?.()): string | undefined {
  if (uid === undefined) return undefined; // no owners to compare (not a POSIX system)
  try {
    const owner = statSync(path).uid;
    if (owner !== uid && owner !== 0) return `is owned by uid ${owner}, not you`;
    const dir = statSync(dirname(path)).mode;
    if ((dir & 0o002) !== 0 && (dir & 0o1000) === 0) return `is in a directory others can write`;
  } catch {
    return undefined;
  }
  return undefined;
}

const found = (path: string, role: FileRole, packageKey = false): ConfigFileRef => {
  const why = distrust(path);
  return { path, role, ...(packageKey ? { packageKey } : {}), ...(why ? { untrusted: why } : {}) };
};

const passedOver = (refs: readonly ConfigFileRef[], home: string): string[] =>
  refs.filter((r) => r.untrusted).map((r) => `${tildify(r.path, home)} ${r.untrusted}: not used (a file others could have written must not steer vstrace; name it with --config to use it)`);

/**
 * Which config files apply: `--config <path>` (else `$VSTRACE_CONFIG`) names
 * the one file and replaces the search; `none` turns files off. Otherwise the
 * nearest trusted project file from `cwd` up, and the user file. A few stat
 * calls per directory and nothing is read unless found: this runs before every command.
 */
export function chooseConfigFiles(explicit: string | undefined, env: Env, cwd: string): FileChoice {
  const named = explicit ?? (env.VSTRACE_CONFIG?.trim() || undefined);
  if (named === 'none') return { files: [], problems: [] };
  if (named !== undefined) {
    const path = resolve(cwd, expandHome(named, homeOf(env)));
    const from = explicit !== undefined ? '--config' : 'VSTRACE_CONFIG';
    return isFile(path)
      ? { files: [{ path, role: 'explicit', ...(path.endsWith('package.json') ? { packageKey: true } : {}) }], problems: [] }
      : { files: [], problems: [`${from} ${named}: no such file (give a config file, or none for no files)`] };
  }
  const users = findUserFiles(env);
  const projects = findProjectFiles(cwd);
  const user = users.find((r) => !r.untrusted);
  const project = projects.find((r) => !r.untrusted);
  return { files: [user, project].filter((f): f is ConfigFileRef => f !== undefined), problems: passedOver([...users, ...projects], homeOf(env)) };
}

/**
 * Project files from `cwd` up, nearest first; the first trusted one is used,
 * the rest are shadowed (or passed over: `untrusted`). `all` keeps looking.
 */
export function findProjectFiles(cwd: string, all = false): ConfigFileRef[] {
  const refs: ConfigFileRef[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of PROJECT_FILES) {
      const path = join(dir, name);
      if (isFile(path)) refs.push(found(path, 'project'));
    }
    const pkg = join(dir, 'package.json');
    if (hasVstraceKey(pkg)) refs.push(found(pkg, 'project', true));
    if ((refs.some((r) => !r.untrusted) && !all) || dirname(dir) === dir) return refs;
  }
}

export function findUserFiles(env: Env): ConfigFileRef[] {
  const dir = join(env.XDG_CONFIG_HOME?.trim() || join(homeOf(env), '.config'), 'vstrace');
  return USER_FILES.map((name) => join(dir, name))
    .filter(isFile)
    .map((path) => found(path, 'user'));
}

/**
 * package.json counts only when it has a top-level "vstrace" key (a
 * dependency named vstrace does not count): a cheap text check, then a parse.
 * Broken JSON that mentions "vstrace" counts too: ignoring it would silently
 * drop the settings it was meant to hold, while loading it reports where it
 * breaks. Read as a config file is, at most 1 MB: past that, one that mentions
 * "vstrace" in its first megabyte counts and loading it says it is too large.
 */
function hasVstraceKey(path: string): boolean {
  if (!isFile(path)) return false;
  const text = readRegular(path, MAX_CONFIG_BYTES + 1);
  if (text === undefined || !/"vstrace"\s*:/.test(text)) return false;
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) return true;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return true;
  }
  return typeof data === 'object' && data !== null && Object.hasOwn(data, 'vstrace');
}

export type ConfigFormat = 'json' | 'yaml' | 'js';

/** The format by name: `.json`, `.yaml`/`.yml`, `.js`/`.cjs`/`.mjs`; no extension (`.vstracerc`) is JSON when it looks like it, else YAML. */
export function formatOf(path: string, text: () => string): ConfigFormat {
  const ext = extname(path);
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.js' || ext === '.cjs' || ext === '.mjs') return 'js';
  return text().trimStart().startsWith('{') ? 'json' : 'yaml';
}

const chunk = (): ConfigLoaders => loadChunk<{ loaders: ConfigLoaders }>('config-loaders').loaders;

/**
 * One config file → a checked layer. JSON is parsed here; YAML and
 * JavaScript go to cosmiconfig's loaders in a separate chunk, so a run with a
 * JSON config (or none) never loads them. Every failure is a problem in the
 * layer, never a throw.
 */
export function readConfigFile(ref: ConfigFileRef, home: string, format?: ConfigFormat, loaders: () => ConfigLoaders = chunk): Layer {
  const shown = tildify(ref.path, home);
  let text: string | undefined;
  const read = () => (text ??= readBounded(ref.path, shown));
  try {
    const kind = format ?? formatOf(ref.path, read);
    let data: unknown;
    if (kind === 'js') data = loaders().js(ref.path);
    else if (kind === 'json') data = parseJson(read(), shown, loaders);
    else data = loaders().yaml(ref.path, read());
    if (ref.packageKey) data = (data as Record<string, unknown> | null)?.vstrace;
    return fileLayer(data, ref.path, home, kind === 'js' ? undefined : text);
  } catch (error) {
    const layer = emptyLayer();
    layer.problems.push(loadProblem(error, shown, basename(ref.path)));
    return layer;
  }
}

class FileProblem extends Error {}

/** Config is a few lines: a file past 1 MB is not one, and is not read whole (nor waited on, nor followed into a device). */
const MAX_CONFIG_BYTES = 1024 * 1024;

function readBounded(path: string, shown: string): string {
  const text = readRegular(path, MAX_CONFIG_BYTES + 1);
  if (text === undefined) throw new FileProblem(`${shown}: cannot read it as a regular file`);
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) throw new FileProblem(`${shown}: larger than 1 MB, which no config is (check the file, or name another with --config)`);
  return text;
}

/**
 * JSON.parse's messages differ by Node version, give no position for an
 * unexpected token on Node 20, and quote the text around the error over
 * several lines: the chunk's scanner says where and why, on one line.
 */
function parseJson(text: string, shown: string, loaders: () => ConfigLoaders): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const found = loaders().jsonError(text);
    if (found) throw new FileProblem(`${shown}:${found.line}:${found.column}: not valid JSON (${found.reason})`);
    throw new FileProblem(`${shown}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** js-yaml marks carry the line; anything else is summed up in its first line. */
function loadProblem(error: unknown, shown: string, name: string): string {
  if (error instanceof FileProblem) return error.message;
  const e = error as { mark?: { line: number }; reason?: string; message?: string; code?: string };
  if (e.mark && e.reason) return `${shown}:${e.mark.line + 1}: not valid YAML (${e.reason})`;
  if (e.code === 'ENOENT' || e.code === 'EACCES') return `${shown}: cannot read ${name} (${e.code})`;
  const first =
    String(e.message ?? error)
      .split('\n')
      .find((l) => l.trim() !== '' && !l.startsWith('YAML Error')) ?? 'unknown error';
  return `${shown}: could not load (${first.trim()})`;
}

/**
 * A YAML config costs `vstrace run` a parser (cosmiconfig's loaders, js-yaml)
 * on every start. The checked result is cached instead, keyed by the file's
 * identity (path, inode, size, modification time) and the schema, in
 * `$XDG_CACHE_HOME/vstrace/config-cache.json`: a hit is one stat and one small
 * JSON read. JavaScript configs are never cached (they may compute their
 * values); JSON is parsed as fast as the cache is read. Best-effort throughout:
 * a cache that cannot be read or written is simply not used.
 */
const MAX_ENTRIES = 16;

export const cacheable = (path: string): boolean => ['.yaml', '.yml', ''].includes(extname(path));

export function cachedLayer(path: string, env: Env, load: () => Layer): Layer {
  const file = cacheFile(env);
  let key: string;
  try {
    const s = statSync(path);
    key = [path, s.ino, s.size, s.mtimeMs, s.ctimeMs, homeOf(env), schemaId()].join('|');
  } catch {
    return load();
  }
  const entries = readEntries(file);
  const hit = entries.find((e) => e.key === key);
  if (hit) return hit.layer;
  const layer = load();
  writeEntries(file, [{ key, layer }, ...entries.filter((e) => !e.key.startsWith(`${path}|`))].slice(0, MAX_ENTRIES));
  return layer;
}

interface Entry {
  key: string;
  layer: Layer;
}

const cacheFile = (env: Env): string => join(env.XDG_CACHE_HOME?.trim() || join(homeOf(env), '.cache'), 'vstrace', 'config-cache.json');

function readEntries(file: string): Entry[] {
  try {
    const data = JSON.parse(readStoreText(file)) as { entries?: unknown };
    return Array.isArray(data.entries) ? (data.entries as Entry[]) : [];
  } catch {
    return [];
  }
}

/** Written whole to a temporary file and renamed: concurrent runs never see half a cache. */
function writeEntries(file: string, entries: Entry[]): void {
  try {
    makeDirs(dirname(file), DIR_MODE);
    const temp = `${file}.${process.pid}`;
    writePrivate(temp, JSON.stringify({ entries }));
    renameSync(temp, file);
  } catch {
    // No cache this time.
  }
}

/** Changes when the settings or their kinds change, so a cached check is never stale. */
let id: string | undefined;
function schemaId(): string {
  if (id !== undefined) return id;
  return (id = fnv1a(VERSION + JSON.stringify(SETTINGS.map((s) => [s.key, s.kind]))).toString(16));
}
