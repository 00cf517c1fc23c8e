import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { Env } from '../trace/carrier.ts';
import { VERSION } from '../version.ts';
import type { Layer } from './layer.ts';
import { homeOf } from './paths.ts';
import { SETTINGS } from './schema.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { DIR_MODE, FILE_MODE } from '../fs/modes.ts';

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
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown };
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
    writeFileSync(temp, JSON.stringify({ entries }), { mode: FILE_MODE });
    renameSync(temp, file);
  } catch {
    // No cache this time.
  }
}

/** Changes when the settings or their kinds change, so a cached check is never stale. */
let id: string | undefined;
function schemaId(): string {
  if (id !== undefined) return id;
  let hash = 0x811c9dc5;
  for (const char of VERSION + JSON.stringify(SETTINGS.map((s) => [s.key, s.kind]))) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return (id = (hash >>> 0).toString(16));
}
