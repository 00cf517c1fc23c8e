// `npm run bench` (part 7): vstrace dora at scale. A git repository of 10,000 commits
// (git fast-import, committer times spread over 180 days) and a store of 1,000,000 spans
// (scripts/gen-store.mjs) in which 10,000 pipelines, evenly spread, end in a deployment at the
// newest commit made before it; then `vstrace dora` as users run it — the whole process: start-up,
// index catch-up, finding and reading the deployment records, git cat-file/merge-base/log against
// the repository, the figures — against the target of issue 17:
//   dora ≤ 1 s (git reads included)
// As users run it: after a first reader built the index and dora kept what each past day holds
// (index/<day>.deployments.json); that first read is not timed here (bench/store.mjs times the index).
// BENCH_STORE=dir reuses a generated store (and its repository); BENCH_SPANS, BENCH_DEPLOYS,
// BENCH_COMMITS change the sizes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, measure, printTargets } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const GEN = fileURLToPath(new URL('../scripts/gen-store.mjs', import.meta.url));
const spans = Number(process.env.BENCH_SPANS ?? 1_000_000);
const deploys = Number(process.env.BENCH_DEPLOYS ?? 10_000);
const commits = Number(process.env.BENCH_COMMITS ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const home = process.env.BENCH_STORE ?? join(tmpdir(), `vstrace-bench-dora-${spans}-${deploys}-${commits}`);
const keep = Boolean(process.env.BENCH_STORE);
const repo = join(home, 'repo');
const days = 180;

const env = { ...process.env, VSTRACE_HOME: home, NO_COLOR: '1' };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|GIT_|VSTRACE_(?!HOME))/.test(key)) delete env[key];
const seconds = (t0) => (performance.now() - t0) / 1000;

/** A linear history of `n` commits, one file changed each, committer times evenly over the period ending now. */
function makeRepo(n) {
  mkdirSync(repo, { recursive: true });
  spawnSync('git', ['init', '-q', '-b', 'main', repo]);
  const endS = Math.floor(Date.now() / 1000) - 3600;
  const stepS = Math.floor((days * 86_400) / n);
  let script = '';
  for (let i = 0; i < n; i++) {
    const t = endS - (n - 1 - i) * stepS;
    const message = `change ${i}\n`;
    const content = `${i}\n`;
    script += `commit refs/heads/main\nmark :${i + 1}\nauthor Dev ${i % 17} <dev${i % 17}@example.com> ${t} +0000\ncommitter Dev ${i % 17} <dev${i % 17}@example.com> ${t} +0000\n`;
    script += `data ${Buffer.byteLength(message)}\n${message}${i > 0 ? `from :${i}\n` : ''}M 644 inline file-${i % 100}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  }
  const r = spawnSync('git', ['-C', repo, 'fast-import', '--quiet'], { input: script, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
  spawnSync('git', ['-C', repo, 'reset', '-q', '--hard', 'main']);
}

let info;
const infoFile = join(home, 'bench-info.json');
if (existsSync(infoFile)) info = JSON.parse(readFileSync(infoFile, 'utf8'));
else {
  rmSync(home, { recursive: true, force: true });
  const t0 = performance.now();
  makeRepo(commits);
  const repoSeconds = seconds(t0);
  const revisions = join(home, 'revisions.txt');
  writeFileSync(revisions, spawnSync('git', ['-C', repo, 'log', '--format=%H %ct'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout);
  const t1 = performance.now();
  const args = [GEN, '--home', home, '--spans', String(spans), '--days', String(days), '--big', '10000', '--deploys', String(deploys), '--revisions', revisions, '--work-tree', repo];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gen-store failed: ${r.stderr}`);
  info = { ...JSON.parse(r.stdout), repoSeconds, generateSeconds: seconds(t1) };
  writeFileSync(infoFile, JSON.stringify(info));
}
// As bench/store.mjs: the synthetic store is past the default size cap, so today's retention pass is marked done.
mkdirSync(join(home, 'index'), { recursive: true });
writeFileSync(join(home, 'index', '.last-prune'), `${new Date().toISOString().slice(0, 10)}\n`);
// The index is built once by the first reader (bench/store.mjs times that); dora is timed on a caught-up index, as users run it.
const first = spawnSync(VSTRACE, ['dora', '--since', 'all', '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
if (first.status !== 0) throw new Error(`vstrace dora failed: ${first.stderr}`);
const report = JSON.parse(first.stdout);
const sum = (f) => report.groups.reduce((n, g) => n + f(g), 0);
const deployments = sum((g) => g.deployments.succeeded + g.deployments.failed + g.deployments.open);
const shipped = sum((g) => g.leadTime.inputs.commits);

const cases = [
  ['node -e 0 (start-up floor)', [process.execPath, '-e', '0'], undefined],
  ['vstrace dora', [VSTRACE, 'dora'], 1],
  ['vstrace dora --since all', [VSTRACE, 'dora', '--since', 'all'], 1],
  ['vstrace dora --since 90d --compare --json', [VSTRACE, 'dora', '--since', '90d', '--compare', '--json'], 1],
  ['vstrace dora --deployments --since 7d', [VSTRACE, 'dora', '--deployments', '--since', '7d'], 1],
];
const results = measure(
  cases.map(([, argv]) => argv),
  { rounds, env },
);

console.log(
  `vstrace dora at scale: ${info.spans.toLocaleString('en-US')} spans in ${info.segments} daily segments, ${deployments.toLocaleString('en-US')} deployments in ${report.groups.length} streams`,
);
console.log(
  `repository of ${commits.toLocaleString('en-US')} commits (${fmt(info.repoSeconds ?? Number.NaN)} s to make); --since all counts ${shipped.toLocaleString('en-US')} commits shipped; store generated in ${fmt(info.generateSeconds ?? Number.NaN)} s`,
);
console.log(
  `${rounds} interleaved rounds, medians (${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})\n`,
);
let ok = printTargets(cases, results);
if (deployments < deploys * 0.99 || shipped === 0) {
  console.log(`✗ the store holds ${deployments} deployments and dora counted ${shipped} commits: the bench did not build what it measures`);
  ok = false;
}
if (!keep && process.env.BENCH_KEEP !== '1') rmSync(home, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
