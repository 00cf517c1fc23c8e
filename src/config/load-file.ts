import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { loadChunk } from '../chunks.ts';
import { fileLayer } from './file-values.ts';
import { emptyLayer, type Layer } from './layer.ts';
import type { ConfigLoaders } from './loaders.ts';
import { tildify } from './paths.ts';
import type { ConfigFileRef } from './search.ts';

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
  const read = () => (text ??= readFileSync(ref.path, 'utf8'));
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

class JsonProblem extends Error {}

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
    if (found) throw new JsonProblem(`${shown}:${found.line}:${found.column}: not valid JSON (${found.reason})`);
    throw new JsonProblem(`${shown}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** js-yaml marks carry the line; anything else is summed up in its first line. */
function loadProblem(error: unknown, shown: string, name: string): string {
  if (error instanceof JsonProblem) return error.message;
  const e = error as { mark?: { line: number }; reason?: string; message?: string; code?: string };
  if (e.mark && e.reason) return `${shown}:${e.mark.line + 1}: not valid YAML (${e.reason})`;
  if (e.code === 'ENOENT' || e.code === 'EACCES') return `${shown}: cannot read ${name} (${e.code})`;
  const first =
    String(e.message ?? error)
      .split('\n')
      .find((l) => l.trim() !== '' && !l.startsWith('YAML Error')) ?? 'unknown error';
  return `${shown}: could not load (${first.trim()})`;
}
