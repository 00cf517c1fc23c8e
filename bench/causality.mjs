// `node bench/causality.mjs`: what causality costs `vstrace run`, measured side by side in one run.
// Targets: inside CI (provider detected, trace and job parent derived, node:crypto loaded for the
// hash) and inside a shell that used `eval "$(vstrace start --export)"` (one stat to check the span
// is still open), `vstrace run -- true` stays within 1.1 × a plain `vstrace run -- true`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRatios, fmt, measure } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const home = mkdtempSync(join(tmpdir(), 'vstrace-bench-'));

const env = { ...process.env, VSTRACE_HOME: home };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|VSTRACE_(?!HOME)|CI|GITHUB_.*|GITLAB_.*|BUILDKITE.*|CIRCLE.*|TF_BUILD|JENKINS_URL|BITBUCKET_.*)$/.test(key)) delete env[key];

const github = {
  GITHUB_ACTIONS: 'true',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'build',
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REF_NAME: 'main',
  GITHUB_WORKFLOW: 'ci',
};
const exported = execFileSync(VSTRACE, ['start', '--export'], { env, encoding: 'utf8' });
const shell = Object.fromEntries([...exported.matchAll(/(\w+)='([^']*)'/g)].map((m) => [m[1], m[2]]));

const envPrefix = (vars) => ['env', ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)];
const cases = [
  ['node -e 0', [process.execPath, '-e', '0']],
  ['vstrace run -- true', ['env', VSTRACE, 'run', '--', 'true']],
  ['… in GitHub Actions (derived parent)', [...envPrefix(github), VSTRACE, 'run', '--', 'true']],
  ['… in a shell after start --export', [...envPrefix(shell), VSTRACE, 'run', '--', 'true']],
];

const results = measure(
  cases.map(([, argv]) => argv),
  { rounds, env },
);
const byName = Object.fromEntries(cases.map(([name], i) => [name, results[i]]));
const plain = byName['vstrace run -- true'];

console.log(`vstrace run with causality, ${rounds} interleaved rounds, medians (${process.version})\n`);
console.log(`${'command'.padEnd(40)} ${'wall ms'.padStart(8)} ${'× run'.padStart(7)} ${'RSS MB'.padStart(7)}`);
for (const [name, r] of Object.entries(byName)) {
  console.log(`${name.padEnd(40)} ${fmt(r.wallMs).padStart(8)} ${fmt(r.wallMs / plain.wallMs, 2).padStart(7)} ${fmt(r.rssMb).padStart(7)}${r.failures ? `  (${r.failures} failed runs!)` : ''}`);
}
const checks = [
  ['run in CI, wall ≤ 1.1 × plain run', byName['… in GitHub Actions (derived parent)'].wallMs / plain.wallMs, 1.1],
  ['run under a started span, wall ≤ 1.1 × plain run', byName['… in a shell after start --export'].wallMs / plain.wallMs, 1.1],
];
console.log('');
const ok = checkRatios(checks);
rmSync(home, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
