// Bundles the CLI into dist/ so `bin/vstrace` loads one file on the hot path.
// Heavy, rarely needed parts (exporters, reports) are dynamic imports and land in their own chunks.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.6',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VSTRACE_VERSION__: JSON.stringify(version) },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __vstraceRequire } from 'node:module'; const require = __vstraceRequire(import.meta.url);" },
  logLevel: 'warning',
});
