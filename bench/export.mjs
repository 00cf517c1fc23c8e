// `npm run bench` (export): what an OTLP endpoint adds to the wrapped command's
// wall time, side by side with local-only, in one interleaved run.
// Target (issue 3): with an endpoint configured — collector up, down
// (connection refused), hanging, answering 500, answering 429 — `vstrace run`
// stays within 5 ms (median) of the local-only case.
// The runs are pipeline steps (TRACEPARENT set): a step never waits for
// delivery. A root span waits for its trace by design (export.rootFlushTimeoutMs);
// its wait with the collector up is shown for information.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, measure } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const SINK = fileURLToPath(new URL('./otlp-sink.mjs', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const LIMIT_MS = 5;
const home = mkdtempSync(join(tmpdir(), 'vstrace-bench-export-'));

const env = { ...process.env, VSTRACE_HOME: home };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|JAEGER_|LS_|VSTRACE_(?!HOME))/.test(key)) delete env[key];

function startSink(mode) {
  const child = spawn(process.execPath, [SINK, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', (d) => resolve({ child, port: Number(String(d).trim()) })));
}

/** A loopback port with nothing listening: connection refused. */
function closedPort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sinks = Object.fromEntries(await Promise.all(['up', 'hang', '500', '429'].map(async (mode) => [mode, await startSink(mode)])));
const downPort = await closedPort();
const step = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const run = (vars) => ['env', `TRACEPARENT=${step}`, ...vars, VSTRACE, 'run', '--', 'true'];
const endpoint = (port) => `OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${port}`;

const cases = [
  ['local only', run([])],
  ['collector up', run([endpoint(sinks.up.port)])],
  ['collector down (refused)', run([endpoint(downPort)])],
  ['collector hanging', run([endpoint(sinks.hang.port)])],
  ['collector answering 500', run([endpoint(sinks['500'].port)])],
  ['collector answering 429', run([endpoint(sinks['429'].port)])],
  ['root span, collector up (waits)', ['env', endpoint(sinks.up.port), VSTRACE, 'run', '--', 'true']],
];

let results;
try {
  results = measure(cases.map(([, argv]) => argv), { rounds, env });
} finally {
  for (const { child } of Object.values(sinks)) child.kill();
  stopFlushers();
}
const local = results[0];

console.log(`export overhead of vstrace run, ${rounds} interleaved rounds, medians (${process.version})\n`);
console.log(`${'case'.padEnd(34)} ${'wall ms'.padStart(8)} ${'Δ ms'.padStart(7)} ${'× local'.padStart(8)}`);
let ok = true;
cases.forEach(([name], i) => {
  const r = results[i];
  const delta = r.wallMs - local.wallMs;
  const checked = i > 0 && !name.startsWith('root');
  const pass = !checked || delta <= LIMIT_MS;
  ok &&= pass && r.failures === 0;
  const mark = checked ? (pass ? '✓' : '✗') : ' ';
  console.log(`${mark} ${name.padEnd(32)} ${fmt(r.wallMs).padStart(8)} ${(i ? fmt(delta) : '').padStart(7)} ${(i ? fmt(r.wallMs / local.wallMs, 2) : '').padStart(8)}${r.failures ? `  (${r.failures} failed runs!)` : ''}`);
});
console.log(`\n${ok ? '✓' : '✗'} every step with an endpoint within ${LIMIT_MS} ms of local only`);
rmSync(home, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;

/** The background flushers this benchmark started (their argv names its store). */
function stopFlushers() {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(home)) process.kill(Number(pid), 'SIGTERM');
    } catch {
      // gone
    }
  }
  spawnSync('sleep', ['0.2']);
}
