import { join } from 'node:path';

/**
 * Heavy parts (the OTLP exporters, the HTML report) are bundled separately
 * (see scripts/build.mjs) and loaded only by the commands that need them, so
 * `vstrace run` never pays to parse them. `name` is a file next to the main
 * bundle in dist/.
 */
export function loadChunk<T>(name: string): T {
  // A computed path, so the bundler leaves it as a run-time require.
  return require(join(__dirname, `${name}.js`)) as T;
}
