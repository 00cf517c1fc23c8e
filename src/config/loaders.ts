import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
// The loaders alone, not cosmiconfig's explorer: vstrace does its own cheap search (search.ts).
import { loadJsSync, loadYaml } from 'cosmiconfig/dist/loaders.js';
import { findJsonError, type JsonSyntaxError } from './json-error.ts';

/**
 * cosmiconfig's loaders for the formats that need a parser vstrace does not
 * carry on the run path: YAML (js-yaml) and JavaScript; and where broken JSON
 * breaks (JSON itself is parsed inline). Bundled as its own chunk
 * (dist/config-loaders.js) and loaded only when such a file is found, or a
 * JSON file did not parse.
 */
export interface ConfigLoaders {
  yaml(path: string, text: string): unknown;
  js(path: string): unknown;
  jsonError(text: string): JsonSyntaxError | undefined;
}

export const loaders: ConfigLoaders = {
  yaml: (path, text) => loadYaml(path, text),
  jsonError: findJsonError,
  js(path) {
    try {
      return unwrapDefault(loadJsSync(path, ''));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw error;
      return importInChild(path);
    }
  },
};

/** A transpiled ES module (`__esModule`) or, where Node can require() ES modules (>= 22.12), a module namespace: its default export. */
function unwrapDefault(mod: unknown): unknown {
  if (typeof mod !== 'object' || mod === null || !('default' in mod)) return mod;
  const isModule = (mod as { __esModule?: boolean }).__esModule === true || Object.prototype.toString.call(mod) === '[object Module]';
  return isModule ? (mod as { default: unknown }).default : mod;
}

/**
 * An ES module config where Node cannot require() one (before 22.12): it is
 * imported in a child Node and its default export comes back as JSON, so the
 * configuration stays synchronous. Settings are data; functions do not survive.
 */
function importInChild(path: string): unknown {
  const script = 'const m = await import(process.argv[1]); process.stdout.write(JSON.stringify(m.default ?? null));';
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(path).href], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10_000,
  });
  return JSON.parse(out) as unknown;
}
