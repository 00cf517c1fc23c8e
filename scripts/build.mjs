// Bundles the CLI into dist/ so `bin/vstrace` loads one file on the hot path.
// CommonJS on purpose: it loads faster than ESM and can use Node's compile cache.
// Heavy, rarely needed parts get entries of their own here and are loaded with
// loadChunk() (src/chunks.ts), never imported from the run path.
import { build } from 'esbuild';
import { copyFileSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** name in dist/ → source entry */
export const ENTRIES = {
  // Loads the bundles below with a V8 code cache (the bins start through it).
  boot: 'src/boot.ts',
  cli: 'src/cli.ts',
  // commander and every command but `run`: loaded only when a plain `vstrace run` is not what was asked
  program: 'src/program-entry.ts',
  // `vscli event …` without the CLI's bundle or commander: an instrumented script runs it around every step
  // (bin/vscli loads it first; src/cli.ts takes its eventDirect for `vstrace event …`)
  event: 'src/vscli-main.ts',
  // vstrace-sh, the drop-in /bin/sh: the run path only
  sh: 'src/sh-main.ts',
  // the HTML report: loaded only by `vstrace report`
  report: 'src/report/index.ts',
  // cosmiconfig's YAML and JavaScript loaders: only when such a config file is found.
  'config-loaders': 'src/config/loaders.ts',
  // The OTLP exporters and the spool drain: loaded by vstrace flush/doctor and the background flusher, never by run.
  export: 'src/export/drain-all.ts',
  flusher: 'src/export/flusher.ts',
  // Records the span of a make whose recipe lines ran through vstrace-sh: started detached by the first line.
  'make-watch': 'src/context/make-watch.ts',
  // The OTLP receiver and the protobuf schema: loaded by vstrace serve and import, never by run.
  receive: 'src/receive/index.ts',
  // The GitHub Action's main and post steps (action/main.js and action/post.js load it): next to cli.js,
  // so the flusher and chunks resolve as they do for the CLI.
  action: 'src/action/index.ts',
};

/**
 * The bundles src/boot.ts loads with its V8 code cache (the bins' and chunks.ts's
 * CODE_CACHED_CHUNKS) are stored as the function expression it compiles, so a
 * start compiles the string it read: wrapping a 126 KB bundle at every start
 * copied it once more, enough young-generation garbage for a scavenge (~0.7 ms)
 * on every run. boot.ts still wraps any bundle that is not stored so.
 */
export const BOOT_LOADED = ['cli', 'sh', 'program', 'event', 'receive', 'report'];
// Run as it is read, the expression hands boot the function; required by Node (`node dist/cli.js`), it calls it.
const WRAPPER = "(typeof module === 'object' ? (f) => f(exports, require, module, __filename, __dirname) : (f) => f)(function (exports, require, module, __filename, __dirname) {";

const pick = (wrapped) => Object.fromEntries(Object.entries(ENTRIES).filter(([name]) => BOOT_LOADED.includes(name) === wrapped));
const common = {
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.6',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  define: { __VSTRACE_VERSION__: JSON.stringify(version) },
  // cosmiconfig's TypeScript loader (not a format vstrace reads) would pull in the compiler.
  external: ['typescript'],
  logLevel: 'warning',
};
await Promise.all([build({ ...common, entryPoints: pick(false) }), build({ ...common, entryPoints: pick(true), banner: { js: WRAPPER }, footer: { js: '})' } })]);

// run -x's bash helper: read by bash through BASH_ENV, found next to the bundle (src/process/xtrace.ts).
copyFileSync('src/process/xtrace.bash', 'dist/xtrace.bash');
