// `npm run bench`: vstrace's start-up cost, measured side by side in one run.
// Targets (issues 2 and 14): `vstrace run -- true` ≤ 1.3 × `node -e 0` in wall time, ≤ 1.2 × in peak RSS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRatios, fmt, measure } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const home = mkdtempSync(join(tmpdir(), 'vstrace-bench-'));
const projectWithConfig = mkdtempSync(join(tmpdir(), 'vstrace-bench-project-'));
writeFileSync(join(projectWithConfig, '.vstracerc.json'), JSON.stringify({ service: 'bench' }));

const env = { ...process.env, VSTRACE_HOME: home };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|VSTRACE_(?!HOME))/.test(key)) delete env[key];

const cases = [
  ['true', ['true']],
  ['node -e 0', [process.execPath, '-e', '0']],
  ['vstrace run -- true', [VSTRACE, 'run', '--', 'true']],
  ['vstrace run (config file present)', ['sh', '-c', `cd ${projectWithConfig} && exec ${VSTRACE} run -- true`]],
  ['sh -c (for the line above)', ['sh', '-c', `cd ${projectWithConfig} && exec true`]],
];

const results = measure(
  cases.map(([, argv]) => argv),
  { rounds, env },
);
const byName = Object.fromEntries(cases.map(([name], i) => [name, results[i]]));
const node = byName['node -e 0'];

console.log(`vstrace start-up, ${rounds} interleaved rounds, medians (${process.version}, NODE_EXTRA_CA_CERTS and NODE_OPTIONS dropped on both sides, as on a user's machine)\n`);
console.log(`${'command'.padEnd(36)} ${'wall ms'.padStart(8)} ${'× node'.padStart(7)} ${'RSS MB'.padStart(7)} ${'× node'.padStart(7)}`);
for (const [name, r] of Object.entries(byName)) {
  console.log(
    `${name.padEnd(36)} ${fmt(r.wallMs).padStart(8)} ${fmt(r.wallMs / node.wallMs, 2).padStart(7)} ${fmt(r.rssMb).padStart(7)} ${fmt(r.rssMb / node.rssMb, 2).padStart(7)}${r.failures ? `  (${r.failures} failed runs!)` : ''}`,
  );
}

const run = byName['vstrace run -- true'];
const withConfig = byName['vstrace run (config file present)'];
const shOverhead = byName['sh -c (for the line above)'].wallMs - byName.true.wallMs;
const checks = [
  ['run wall ≤ 1.3 × node -e 0', run.wallMs / node.wallMs, 1.3],
  ['run peak RSS ≤ 1.2 × node -e 0', run.rssMb / node.rssMb, 1.2],
  ['run with a config file, wall ≤ 1.3 × node -e 0', (withConfig.wallMs - shOverhead) / node.wallMs, 1.3],
];
console.log('');
const ok = checkRatios(checks);
rmSync(home, { recursive: true, force: true });
rmSync(projectWithConfig, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
