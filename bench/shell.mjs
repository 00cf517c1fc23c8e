// `node bench/shell.mjs`: the cost vstrace-sh adds to every recipe line (make's SHELL, npm's script-shell),
// measured side by side in one run. Target: `vstrace-sh -c true` costs no more than
// `vstrace run --shell -- true` (the same work through the main CLI), ≤ 1.1 × in wall time and peak RSS;
// and (issue 14) `vstrace-sh -c true` and `vscli event … start` each ≤ 1.35 × `node -e 0` in wall time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRatios, fmt, measure } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const VSTRACE_SH = fileURLToPath(new URL('../bin/vstrace-sh', import.meta.url));
const VSCLI = fileURLToPath(new URL('../bin/vscli', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const home = mkdtempSync(join(tmpdir(), 'vstrace-bench-'));

const env = { ...process.env, VSTRACE_HOME: home };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|VSTRACE_(?!HOME)|npm_|MAKEFLAGS)/.test(key)) delete env[key];

const cases = [
  ['sh -c true', ['/bin/sh', '-c', 'true']],
  ['node -e 0', [process.execPath, '-e', '0']],
  ['vstrace run --shell -- true', [VSTRACE, 'run', '--shell', '--', 'true']],
  ['vstrace-sh -c true', [VSTRACE_SH, '-c', 'true']],
  ['vstrace-sh --target=build -c true', [VSTRACE_SH, '--target=build', '-c', 'true']],
  ['vscli event -type=build start', [VSCLI, 'event', '-type=build', '-tag=service|api', 'start']],
];

const results = measure(
  cases.map(([, argv]) => argv),
  { rounds, env },
);
const byName = Object.fromEntries(cases.map(([name], i) => [name, results[i]]));
const node = byName['node -e 0'];
const sh = byName['sh -c true'];

console.log(`vstrace-sh start-up, ${rounds} interleaved rounds, medians (${process.version})\n`);
console.log(`${'command'.padEnd(36)} ${'wall ms'.padStart(8)} ${'× sh'.padStart(7)} ${'× node'.padStart(7)} ${'RSS MB'.padStart(7)}`);
for (const [name, r] of Object.entries(byName)) {
  console.log(
    `${name.padEnd(36)} ${fmt(r.wallMs).padStart(8)} ${fmt(r.wallMs / sh.wallMs, 1).padStart(7)} ${fmt(r.wallMs / node.wallMs, 2).padStart(7)} ${fmt(r.rssMb).padStart(7)}${r.failures ? `  (${r.failures} failed runs!)` : ''}`,
  );
}

const viaSh = byName['vstrace-sh -c true'];
const viaRun = byName['vstrace run --shell -- true'];
const vscliStart = byName['vscli event -type=build start'];
console.log(`\nper recipe line, vstrace-sh adds ${fmt(viaSh.wallMs - sh.wallMs)} ms to sh -c`);
const checks = [
  ['vstrace-sh wall ≤ 1.1 × vstrace run --shell', viaSh.wallMs / viaRun.wallMs, 1.1],
  ['vstrace-sh peak RSS ≤ 1.1 × vstrace run --shell', viaSh.rssMb / viaRun.rssMb, 1.1],
  ['vstrace-sh -c true wall ≤ 1.35 × node -e 0', viaSh.wallMs / node.wallMs, 1.35],
  ['vscli event … start wall ≤ 1.35 × node -e 0', vscliStart.wallMs / node.wallMs, 1.35],
];
const ok = checkRatios(checks);
rmSync(home, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
