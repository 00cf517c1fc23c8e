// `npm run bench`, make part (issue 14): a Makefile of 200 recipe lines, bare and traced with
// `SHELL := vstrace-sh`, side by side in one run. Target: traced ≤ bare + 200 × 1.3 × `node -e 0`
// (each line may cost what the run path's target allows one `vstrace run`). Every traced run must
// record its 200 line spans and the make span: a run that records less is a failed bench.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, measure } from './lib.mjs';

const VSTRACE_SH = fileURLToPath(new URL('../bin/vstrace-sh', import.meta.url));
const LINES = 200;
const rounds = Number(process.env.BENCH_MAKE_ROUNDS ?? 5);
const base = mkdtempSync(join(tmpdir(), 'vstrace-bench-make-'));
const home = join(base, 'store');
const recipe = Array.from({ length: LINES }, (_, i) => `\t@true line-${i}`).join('\n');
writeFileSync(join(base, 'bare.mk'), `all:\n${recipe}\n`);
writeFileSync(join(base, 'traced.mk'), `SHELL := ${VSTRACE_SH}\nall:\n${recipe}\n`);

const env = { ...process.env, VSTRACE_HOME: home };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|VSTRACE_(?!HOME)|npm_|MAKEFLAGS|MAKELEVEL|MFLAGS)/.test(key)) delete env[key];

const cases = [
  ['node -e 0', [process.execPath, '-e', '0']],
  [`make, ${LINES} lines, bare`, ['make', '-s', '-C', base, '-f', 'bare.mk']],
  [`make, ${LINES} lines, SHELL := vstrace-sh`, ['make', '-s', '-C', base, '-f', 'traced.mk']],
];
const [node, bare, traced] = measure(
  cases.map(([, argv]) => argv),
  { rounds, env },
);

// Every traced round (and the warm-up) records LINES line spans and one make span; the make span is
// written by a detached watcher, so it is given a moment.
const expected = (rounds + 1) * (LINES + 1);
const countSpans = () =>
  readdirSync(join(home, 'traces'))
    .filter((n) => n.endsWith('.jsonl'))
    .reduce(
      (sum, n) =>
        sum +
        readFileSync(join(home, 'traces', n), 'utf8')
          .split('\n')
          .filter((l) => l.includes('"spanId"')).length,
      0,
    );
let stored = countSpans();
for (let waited = 0; stored < expected && waited < 5000; waited += 100) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  stored = countSpans();
}

const allowedMs = bare.wallMs + LINES * 1.3 * node.wallMs;
console.log(`a ${LINES}-line Makefile, ${rounds} interleaved rounds, medians (${process.version})\n`);
console.log(`${'case'.padEnd(40)} ${'wall ms'.padStart(9)} ${'per line'.padStart(9)}`);
console.log(`${cases[0][0].padEnd(40)} ${fmt(node.wallMs).padStart(9)}`);
console.log(`${cases[1][0].padEnd(40)} ${fmt(bare.wallMs).padStart(9)} ${fmt(bare.wallMs / LINES, 2).padStart(9)}`);
console.log(`${cases[2][0].padEnd(40)} ${fmt(traced.wallMs).padStart(9)} ${fmt(traced.wallMs / LINES, 2).padStart(9)}`);
const perLine = (traced.wallMs - bare.wallMs) / LINES;
const timeOk = traced.wallMs <= allowedMs;
const spansOk = stored === expected;
console.log(
  `\n${timeOk ? '✓' : '✗'} traced ≤ bare + ${LINES} × 1.3 × node -e 0: ${fmt(traced.wallMs)} of ${fmt(allowedMs)} ms (${fmt(perLine, 1)} ms a line, ${fmt(perLine / node.wallMs, 2)} × node -e 0)`,
);
console.log(`${spansOk ? '✓' : '✗'} every line and make span recorded: ${stored} of ${expected}`);
rmSync(base, { recursive: true, force: true });
if (!timeOk || !spansOk) process.exitCode = 1;
