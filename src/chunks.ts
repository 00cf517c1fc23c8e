import { join } from 'node:path';

/**
 * Heavy parts (commander and the other commands, the OTLP exporters, the
 * HTML report) are bundled separately (see scripts/build.mjs) and loaded only
 * by the commands that need them, so `vstrace run` never pays to parse them.
 * `name` is a file next to the main bundle in dist/.
 */
export function loadChunk<T>(name: string): T {
  // A computed path, so the bundler leaves it as a run-time require.
  if (!CODE_CACHED_CHUNKS.has(name)) return require(join(__dirname, `${name}.js`)) as T;
  // boot.js is the loader the bins started with (already in require's cache): its V8 code cache
  // spares every `vstrace ls`, `vscli event` or `report` the compile of a 270 KB chunk.
  return (require(join(__dirname, 'boot.js')) as { load<C>(chunk: string): C }).load<T>(name);
}

/**
 * The chunks loaded through boot's code cache: those with no dynamic import(),
 * which a vm.Script cannot serve (the exporters' and cosmiconfig's loaders use
 * it); test/functional/code-cache.test.ts checks the built chunks for it.
 */
export const CODE_CACHED_CHUNKS: ReadonlySet<string> = new Set(['program', 'event', 'receive', 'report']);
