// `npm run bench`, configuration part: what finding and loading a config costs
// `vstrace run -- true`, measured side by side in one run. Target (issues 2
// and 5): ≤ 1.3 × `node -e 0` in wall time with no config, a JSON, a YAML or a
// package.json config. A JavaScript config is compiled on every run: shown, no target.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, measure } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 60);
const base = mkdtempSync(join(tmpdir(), 'vstrace-bench-config-'));
const home = join(base, 'home');
const project = (name, files) => {
  const dir = join(base, name, 'a', 'b', 'c', 'd', 'e', 'f');
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(base, name, file), text);
  return dir;
};
const SETTINGS = { service: 'bench', defaultTags: { team: 'infra' }, export: { timeoutMs: 5000 } };
const dirs = {
  none: project('none', {}),
  json: project('json', { '.vstracerc.json': JSON.stringify(SETTINGS) }),
  yaml: project('yaml', { '.vstracerc.yaml': 'service: bench\ndefaultTags:\n  team: infra\nexport:\n  timeoutMs: 5000\n' }),
  cjs: project('cjs', { 'vstrace.config.cjs': `module.exports = ${JSON.stringify(SETTINGS)};` }),
  pkg: project('pkg', { 'package.json': JSON.stringify({ name: 'x', vstrace: SETTINGS }) }),
};

const env = { ...process.env, HOME: home, VSTRACE_HOME: join(base, 'store') };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|XDG_CONFIG_HOME|VSTRACE_(?!HOME))/.test(key)) delete env[key];

// Every vstrace case runs through `sh -c 'cd … && exec …'`, so each pays the same shell overhead, measured alone and subtracted.
const inDir = (dir, line, vars = '') => ['sh', '-c', `cd ${dir} && ${vars} exec ${line}`];
const cases = [
  ['node -e 0', [process.execPath, '-e', '0']],
  ['sh -c cd && exec true', inDir(dirs.none, 'true')],
  ['no config file (6 levels deep)', inDir(dirs.none, `${VSTRACE} run -- true`)],
  ['VSTRACE_CONFIG=none', inDir(dirs.none, `${VSTRACE} run -- true`, 'VSTRACE_CONFIG=none')],
  ['.vstracerc.json', inDir(dirs.json, `${VSTRACE} run -- true`)],
  ['.vstracerc.yaml', inDir(dirs.yaml, `${VSTRACE} run -- true`)],
  ['vstrace.config.cjs (no target)', inDir(dirs.cjs, `${VSTRACE} run -- true`)],
  ['package.json "vstrace" key', inDir(dirs.pkg, `${VSTRACE} run -- true`)],
];
const results = measure(
  cases.map(([, argv]) => argv),
  { rounds, env },
);
const node = results[0];
const shell = results[1].wallMs;

console.log(`vstrace run -- true with a config, ${rounds} interleaved rounds, medians, shell overhead (${fmt(shell)} ms) subtracted\n`);
console.log(`${'case'.padEnd(32)} ${'wall ms'.padStart(8)} ${'× node'.padStart(7)} ${'RSS MB'.padStart(7)}`);
let ok = true;
const lines = [];
cases.forEach(([name], i) => {
  const r = results[i];
  const wall = i >= 2 ? r.wallMs - shell : r.wallMs;
  console.log(`${name.padEnd(32)} ${fmt(wall).padStart(8)} ${fmt(wall / node.wallMs, 2).padStart(7)} ${fmt(r.rssMb).padStart(7)}${r.failures ? `  (${r.failures} failed runs!)` : ''}`);
  if (i >= 2 && !name.includes('no target')) {
    const pass = wall / node.wallMs <= 1.3 && r.failures === 0;
    ok &&= pass;
    lines.push(`${pass ? '✓' : '✗'} ${name}: ${fmt(wall / node.wallMs, 2)} × node -e 0 (≤ 1.3)`);
  }
});
console.log(`\n${lines.join('\n')}`);
rmSync(base, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
