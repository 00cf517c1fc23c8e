// `node bench/xtrace.mjs`: what `vstrace run -x` costs a bash script, side by side in one run.
// The script alone, under an empty DEBUG trap (the floor of any DEBUG-trap tracer), under bash's
// own set -x to a descriptor with a timestamped PS4 (the cheapest candidate), under the recording
// helper alone, and through vstrace with and without -x; for a loop of 10,003 builtins and for a
// script of 200 real processes (/bin/true). Targets (issue 18): ≤ 1.5 × bare for the
// builtin loop, ≤ 1.05 × for real processes, the span conversion of 10,000 records ≤ 0.3 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRatios, fmt, measure, median } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const HELPER = fileURLToPath(new URL('../dist/xtrace.bash', import.meta.url));
const LOOP = fileURLToPath(new URL('../test/fixtures/xtrace/loop.sh', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const home = mkdtempSync(join(tmpdir(), 'vstrace-bench-'));
const env = { ...process.env, VSTRACE_HOME: home };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|VSTRACE_(?!HOME)|BASH_ENV|npm_|MAKEFLAGS)/.test(key)) delete env[key];

const PROCESSES = join(home, 'processes.sh');
writeFileSync(PROCESSES, `#!/bin/bash\nfor i in {1..200}; do\n  /bin/true\ndone\n`);
const EMPTY_TRAP = join(home, 'empty-trap.bash');
writeFileSync(EMPTY_TRAP, 'set -T; trap : DEBUG\n');
// The cheapest candidate measured against the helper: bash's own xtrace, to a descriptor, with a timestamp in PS4.
const XTRACE_PS4 = join(home, 'xtrace-ps4.bash');
writeFileSync(XTRACE_PS4, "BASH_XTRACEFD=62; PS4='+${EPOCHREALTIME} ${BASH_SOURCE}:${LINENO} '; set -x\n");
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** The same bash start on every side: a shell that opens fd 62 (where the helper writes) and execs the script's bash. */
// The helper writes to a file, as under vstrace (writing 10,000 records to a file costs more than to /dev/null).
const RECORDS = join(home, 'records.bench');
const withFd = (script, extra = '', to = '/dev/null') => ['bash', '-c', `exec 62>${to}; ${extra} exec bash "$0"`, script];
const sides = (script) => [
  ['bare bash', withFd(script)],
  ['empty DEBUG trap (set -T; trap : DEBUG)', withFd(script, `BASH_ENV=${EMPTY_TRAP}`)],
  ['set -x to fd 62, timestamped PS4 (a candidate)', withFd(script, `BASH_ENV=${XTRACE_PS4}`, RECORDS)],
  ['recording helper alone, to a file', withFd(script, `BASH_ENV=${HELPER} VSTRACE_XTRACE_FD=62 TRACEPARENT=${TRACEPARENT}`, RECORDS)],
  ['vstrace run', [VSTRACE, 'run', '--', 'bash', script]],
  ['vstrace run -x', [VSTRACE, 'run', '-x', '--', 'bash', script]],
];

let ok = true;
for (const [title, script, target] of [
  ['a loop of 10,003 builtins', LOOP, 1.5],
  ['200 real processes (/bin/true)', PROCESSES, 1.05],
]) {
  const cases = sides(script);
  const results = measure(
    cases.map(([, argv]) => argv),
    { rounds, env },
  );
  const [bare, , , helper, run, runX] = results;
  console.log(`\n${title}: ${rounds} interleaved rounds, wall-time medians (${process.version}, bash ${bashVersion()})\n`);
  console.log(`${'side'.padEnd(48)} ${'wall ms'.padStart(8)} ${'× bare'.padStart(7)}`);
  cases.forEach(([name], i) => console.log(`${name.padEnd(48)} ${fmt(results[i].wallMs).padStart(8)} ${fmt(results[i].wallMs / bare.wallMs, 2).padStart(7)}`));
  console.log(`per command, the helper adds ${fmt(((helper.wallMs - bare.wallMs) * 1000) / (script === LOOP ? 10_003 : 201), 1)} µs`);
  // Every target is checked and printed, also after a miss (`ok &&= check(…)` would skip the call).
  ok =
    checkRatios([
      [`${title}: recording helper ≤ ${target} × bare bash`, helper.wallMs / bare.wallMs, target],
      [`${title}: vstrace run -x ≤ ${target} × vstrace run`, runX.wallMs / run.wallMs, target],
    ]) && ok;
}

// The conversion: 10,003 real records (the loop's), turned into spans in one process.
const records = join(home, 'records');
spawnSync('bash', ['-c', `exec 62>"$1"; BASH_ENV=${HELPER} VSTRACE_XTRACE_FD=62 TRACEPARENT=${TRACEPARENT} exec bash "$0"`, LOOP, records], { env });
const conversion = await timeConversion(readFileSync(records, 'latin1'));
console.log(`\nspan conversion of ${conversion.spans} records' spans: ${fmt(conversion.ms)} ms (median of 9)`);
ok = checkRatios([['span conversion of 10,000 records ≤ 300 ms', conversion.ms / 300, 1]]) && ok;
rmSync(home, { recursive: true, force: true });
if (!ok) process.exitCode = 1;

function bashVersion() {
  return spawnSync('bash', ['-c', 'echo $BASH_VERSION'], { encoding: 'utf8' }).stdout.trim();
}

/** Bundles the pure converter (trace/xtrace-spans.ts) with the redactor and times both in this process. */
async function timeConversion(text) {
  const { build } = await import('esbuild');
  const out = join(home, 'xtrace-spans.mjs');
  await build({
    stdin: {
      contents: "export { xtraceSpans } from './src/trace/xtrace-spans.ts'; export { Redactor } from './src/redact/redact.ts';",
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const { xtraceSpans, Redactor } = await import(out);
  // As run -x does it: every name through the redactor.
  const redactor = new Redactor([]);
  const run = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    startUs: 0,
    endUs: Number.MAX_SAFE_INTEGER,
    exitCode: 0,
    redact: (s) => redactor.commandLine(s),
    resource: {},
  };
  const times = [];
  let spans = 0;
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    spans = xtraceSpans(text, run).spans.length;
    times.push(performance.now() - start);
  }
  return { ms: median(times), spans };
}
