#!/usr/bin/env node
// An issue's regression ledger: each case of the issue (scripts/regressions/issue-<n>.mjs names
// the tests on main that cover it) is run from this checkout's tests against vstrace built at the
// commit before the issue's work began, and against this checkout's own build. What failed before
// and what passes now comes from those two runs only; nothing here is typed in by hand.
//
//   node scripts/regressions.mjs [--issue 12] [--before-root DIR] [--keep]
//       measure: builds the before commit in a temporary git worktree (npm ci, scripts/build.mjs)
//       unless --before-root names a built checkout of it; writes test-artifacts/regressions/issue-<n>.json
//   node scripts/regressions.mjs --docs [--issue 12]
//       writes that JSON's figures into docs/reliability.md (refuses figures of another commit)
//
// Tests find the build they run through VSTRACE_TEST_ROOT (test/support/cli.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'test-artifacts', 'regressions');
const DOC = join(ROOT, 'docs', 'reliability.md');
/** The whole vitest run of one side may take this long (old builds hang where the bugs were; each test has its own timeout). */
const VITEST_BUDGET_MS = 30 * 60_000;

/** A problem that ends the script with one line (thrown, so the old build's worktree is still removed). */
class RegressionsError extends Error {}
const fail = (message) => {
  throw new RegressionsError(message);
};

function git(args, cwd = ROOT) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

/** HEAD, with `+dirty` when tracked files differ from it (figures of a dirty tree are never written into the docs). */
function headCommit() {
  const head = git(['rev-parse', 'HEAD']).out;
  const dirty = git(['status', '--porcelain', '--untracked-files=no']).out !== '';
  return `${head}${dirty ? '+dirty' : ''}`;
}

function parseArgs(argv) {
  const options = { issue: 12, beforeRoot: undefined, keep: false, docs: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--issue') options.issue = Number(argv[++i]);
    else if (a === '--before-root') options.beforeRoot = argv[++i];
    else if (a === '--keep') options.keep = true;
    else if (a === '--docs') options.docs = true;
    else fail(`unknown option ${a} (see the head of scripts/regressions.mjs)`);
  }
  if (!Number.isInteger(options.issue)) fail('--issue takes an issue number');
  if (options.beforeRoot === '') fail('--before-root takes a directory');
  return options;
}

async function loadCases(issue) {
  const file = join(ROOT, 'scripts', 'regressions', `issue-${issue}.mjs`);
  if (!existsSync(file)) fail(`no case table for issue ${issue} (${relative(ROOT, file)})`);
  return import(file);
}

/**
 * The before commit must be what the table says it is: an ancestor of HEAD, the parent of the
 * issue's first fix, and before every fix (so no fix is in the old build).
 */
function checkCommits(table) {
  const before = git(['rev-parse', '--verify', `${table.before}^{commit}`]);
  if (!before.ok) fail(`${table.before} is not a commit here`);
  if (!git(['merge-base', '--is-ancestor', before.out, 'HEAD']).ok) fail(`${table.before} is not an ancestor of HEAD`);
  const fixes = [...new Set(table.cases.flatMap((c) => c.fixes))].map((f) => {
    const full = git(['rev-parse', '--verify', `${f}^{commit}`]);
    if (!full.ok) fail(`fix ${f} is not a commit here`);
    if (!git(['merge-base', '--is-ancestor', full.out, 'HEAD']).ok) fail(`fix ${f} is not in HEAD`);
    if (git(['merge-base', '--is-ancestor', full.out, before.out]).ok) fail(`fix ${f} is already in ${table.before}: the old build would have it`);
    return full.out;
  });
  const order = git(['rev-list', '--reverse', '--first-parent', `${before.out}..HEAD`]).out.split('\n');
  const first = order.find((c) => fixes.includes(c));
  if (first === undefined) fail('none of the fixes is on the first-parent line from the before commit to HEAD');
  if (git(['rev-parse', `${first}^`]).out !== before.out) fail(`${table.before} is not the parent of the first fix ${first.slice(0, 7)}`);
  const subject = (c) => git(['show', '-s', '--format=%s', c]).out;
  return { before: { commit: before.out, subject: subject(before.out) }, firstFix: { commit: first, subject: subject(first) } };
}

function run(cmd, args, cwd, log) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(log, `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}`, { flag: 'a' });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed in ${cwd} (status ${r.status}); see ${log}`);
}

/** A built checkout of the before commit: the one given, or a temporary worktree built here. */
function beforeBuild(options, commit, log) {
  if (options.beforeRoot) {
    const at = git(['rev-parse', 'HEAD'], options.beforeRoot).out;
    if (at !== commit) fail(`--before-root ${options.beforeRoot} is at ${at.slice(0, 12) || 'no commit'}, not ${commit.slice(0, 12)}`);
    if (!existsSync(join(options.beforeRoot, 'dist', 'cli.js'))) fail(`--before-root ${options.beforeRoot} is not built (node scripts/build.mjs)`);
    return { root: options.beforeRoot, cleanup: () => {} };
  }
  const root = mkdtempSync(join(tmpdir(), 'vstrace-before-'));
  run('git', ['worktree', 'add', '--detach', root, commit], ROOT, log);
  const cleanup = () => {
    if (options.keep) return console.log(`regressions: kept the old build in ${root}`);
    git(['worktree', 'remove', '--force', root]);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    console.log(`regressions: building ${commit.slice(0, 12)} in ${root} (npm ci, scripts/build.mjs)`);
    run('npm', ['ci', '--no-audit', '--no-fund'], root, log);
    run('node', ['scripts/build.mjs'], root, log);
  } catch (error) {
    cleanup();
    throw error;
  }
  return { root, cleanup };
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One vitest run of the cases' files, only the cases' tests (-t), its JSON report read back. */
function vitest(table, testRoot, label) {
  const specs = table.cases.flatMap((c) => c.tests ?? []);
  const files = [...new Set(specs.map(([file]) => file))];
  const pattern = [...new Set(specs.map(([, name]) => escapeRegExp(name)))].join('|');
  const report = join(OUT_DIR, `issue-${table.issue.number}.${label}.vitest.json`);
  rmSync(report, { force: true });
  const env = { ...process.env };
  delete env.VSTRACE_TEST_ROOT;
  if (testRoot) env.VSTRACE_TEST_ROOT = testRoot;
  const args = ['run', ...files, '-t', pattern, '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`];
  console.log(`regressions: ${label}: vitest on ${files.length} files against ${testRoot ?? ROOT}`);
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'vitest'), args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), VITEST_BUDGET_MS);
    child.on('close', () => {
      clearTimeout(timer);
      if (existsSync(report)) resolve(JSON.parse(readFileSync(report, 'utf8')));
      else reject(new RegressionsError(`${label}: vitest wrote no report (${relative(ROOT, report)}), killed after ${VITEST_BUDGET_MS / 60_000} min?`));
    });
  });
}

const ANSI = /\u001b\[[0-9;]*m/g;
const firstLine = (messages) => (messages?.[0] ?? '').replace(ANSI, '').split('\n')[0].trim().slice(0, 200);

/** The results of a case's tests in one vitest report: one entry per test its specs name. */
function resultsFor(report, specs) {
  return specs.flatMap(([file, name]) => {
    const suite = report.testResults.find((t) => relative(ROOT, t.name) === file);
    const found = (suite?.assertionResults ?? []).filter((a) => [...a.ancestorTitles, a.title].join(' ').includes(name));
    if (found.length === 0) fail(`no test in ${file} has "${name}" in its name`);
    return found.map((a) => ({ file, name: [...a.ancestorTitles, a.title].join(' > '), status: a.status, failure: a.status === 'failed' ? firstLine(a.failureMessages) : undefined }));
  });
}

// --- group signals: a measurement, not a test (the case is an open limitation) ---

/** Counts each signal it gets; after the first, waits 2 s for a second (a relay takes milliseconds), then prints the count. */
const COUNTER = `
import signal, sys, time
got = []
for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
    signal.signal(s, lambda n, f: got.append(n))
print('ready', flush=True)
deadline = time.time() + 30
while not got and time.time() < deadline:
    time.sleep(0.05)
time.sleep(2)
print(len(got), flush=True)
`;

const PROBE_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VSTRACE_|OTEL_|TRACEPARENT|TRACESTATE|CI$|GITHUB_|GITLAB_)/.test(k)));

/** The command in a session of its own (no terminal); the signal goes to its whole process group once it is ready. */
function arrivals(argv, signal, home) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...PROBE_ENV, VSTRACE_HOME: home, NO_COLOR: '1' } });
    let out = '';
    let sent = false;
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!sent && out.includes('ready\n')) {
        sent = true;
        process.kill(-child.pid, signal);
      }
    });
    child.stderr.resume();
    child.on('close', () => {
      clearTimeout(timer);
      const n = Number(out.trim().split('\n').at(-1));
      resolve(Number.isInteger(n) ? n : null);
    });
  });
}

async function groupSignals(builds) {
  const home = mkdtempSync(join(tmpdir(), 'vstrace-regressions-'));
  const command = ['python3', '-c', COUNTER];
  const signals = {};
  try {
    for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT']) {
      signals[signal] = {
        bare: await arrivals(command, signal, home),
        before: await arrivals([join(builds.before, 'bin', 'vstrace'), 'run', '--', ...command], signal, home),
        now: await arrivals([join(builds.now, 'bin', 'vstrace'), 'run', '--', ...command], signal, home),
      };
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const rows = Object.values(signals);
  return {
    signals,
    failedBefore: rows.some((r) => r.before !== r.bare),
    passesNow: rows.every((r) => r.bare !== null && r.now === r.bare),
  };
}

const PROBES = { groupSignals };

async function measure(options) {
  const table = await loadCases(options.issue);
  const commits = checkCommits(table);
  const head = headCommit();
  mkdirSync(OUT_DIR, { recursive: true });
  const log = join(OUT_DIR, `issue-${table.issue.number}.build.log`);
  rmSync(log, { force: true });
  run('node', ['scripts/build.mjs'], ROOT, log);
  const old = beforeBuild(options, commits.before.commit, log);
  const started = Date.now();
  try {
    const beforeReport = await vitest(table, old.root, 'before');
    const nowReport = await vitest(table, undefined, 'now');
    const cases = [];
    for (const c of table.cases) {
      const base = { id: c.id, title: c.title, fixes: c.fixes, note: c.note };
      if (c.probe) {
        console.log(`regressions: ${c.id}: measuring (${c.probe})`);
        cases.push({ ...base, probe: c.probe, ...(await PROBES[c.probe]({ before: old.root, now: ROOT })) });
        continue;
      }
      const before = resultsFor(beforeReport, c.tests);
      const now = resultsFor(nowReport, c.tests);
      const tests = now.map((t) => {
        const b = before.find((x) => x.file === t.file && x.name === t.name);
        return { file: t.file, name: t.name, before: b?.status ?? 'absent', beforeFailure: b?.failure, now: t.status, nowFailure: t.failure };
      });
      cases.push({
        ...base,
        tests,
        failedBefore: tests.some((t) => t.before === 'failed'),
        passesNow: tests.every((t) => t.now === 'passed'),
      });
    }
    const tests = cases.flatMap((c) => c.tests ?? []);
    const figures = {
      issue: table.issue,
      generatedAt: new Date().toISOString(),
      minutes: Math.round((Date.now() - started) / 6000) / 10,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      head: { commit: head, subject: git(['show', '-s', '--format=%s', 'HEAD']).out },
      ...commits,
      totals: {
        cases: cases.length,
        failedBefore: cases.filter((c) => c.failedBefore).length,
        passNow: cases.filter((c) => c.passesNow).length,
        tests: tests.length,
        testsFailedBefore: tests.filter((t) => t.before === 'failed').length,
        testsPassNow: tests.filter((t) => t.now === 'passed').length,
      },
      cases,
    };
    const out = join(OUT_DIR, `issue-${table.issue.number}.json`);
    writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
    const t = figures.totals;
    console.log(
      `regressions: issue ${table.issue.number}: ${t.cases} cases tried, ${t.failedBefore} failed before (at ${commits.before.commit.slice(0, 7)}), ${t.passNow} pass now; ${relative(ROOT, out)}`,
    );
  } finally {
    old.cleanup();
  }
}

// --- the ledger in docs/reliability.md ---

const cell = (s) => String(s).replaceAll('|', '\\|').replaceAll('`', "'");
const shortFile = (f) => f.replace(/^test\//, '').replace(/\.test\.ts$/, '');
const ids = (list) => list.map((c) => c.id).join(', ');

function caseRow(c) {
  if (c.probe) {
    const per = Object.entries(c.signals);
    const counts = (side) => per.map(([s, r]) => `${s.replace('SIG', '')} ${r[side] ?? '?'}`).join(', ');
    return `| ${cell(c.title)} | measured: ${per.length} signals sent to the group | ${c.failedBefore ? 'yes' : 'no'}: ${counts('before')} (bare ${counts('bare')}) | ${c.passesNow ? 'yes' : 'no'}: ${counts('now')} | – |`;
  }
  const files = [...new Set(c.tests.map((t) => t.file))].map((f) => `${shortFile(f)} (${c.tests.filter((t) => t.file === f).length})`).join(', ');
  const failedBefore = c.tests.filter((t) => t.before === 'failed').length;
  const passNow = c.tests.filter((t) => t.now === 'passed').length;
  const firstFailure = c.tests.find((t) => t.before === 'failed')?.beforeFailure;
  return `| ${cell(c.title)} | ${files} | ${failedBefore ? 'yes' : 'no'}: ${failedBefore} of ${c.tests.length} | ${c.passesNow ? 'yes' : 'no'}: ${passNow} of ${c.tests.length} | ${firstFailure ? `\`${cell(firstFailure.slice(0, 140))}\`` : '–'} |`;
}

export function renderRegressions(f) {
  const n = f.issue.number;
  const before = f.before.commit.slice(0, 7);
  const head = f.head.commit.slice(0, 7);
  const t = f.totals;
  const passedBefore = f.cases.filter((c) => !c.failedBefore);
  const stillFailing = f.cases.filter((c) => !c.passesNow);
  const notes = f.cases.filter((c) => c.note).map((c) => `- **${c.id}**: ${c.note}.`);
  return [
    `<!-- regressions:${n}:start -->`,
    `### Issue ${n}: ${f.issue.title}`,
    '',
    `**Issue ${n}: ${t.cases} cases tried, ${t.failedBefore} failed before (at \`${before}\`), ${t.passNow} pass now (at \`${head}\`).** ${passedBefore.length ? `Passed before too: ${ids(passedBefore)}. ` : ''}${stillFailing.length ? `Still failing: ${ids(stillFailing)}. ` : ''}In tests: ${t.tests} run, ${t.testsFailedBefore} failed on the old build, ${t.testsPassNow} pass now.`,
    '',
    `From \`node scripts/regressions.mjs --issue ${n}\` on ${f.generatedAt.slice(0, 16).replace('T', ' ')} UTC (Node ${f.node.replace(/^v/, '')}, ${f.platform}, ${f.minutes} min): the tests of \`${head}\` for each case, run against vstrace built at \`${before}\` (${cell(f.before.subject).slice(0, 60)}…; the parent of \`${f.firstFix.commit.slice(0, 7)}\`, the issue's first fix) and against the build of \`${head}\`; \`--docs\` writes this section from its figures and refuses another commit's. A case failed before when one of its tests failed on the old build, and passes now when all of them pass.`,
    '',
    `| case | tests | failed before (\`${before}\`) | passes now (\`${head}\`) | the old build's first failure |`,
    '| --- | --- | --- | --- | --- |',
    ...f.cases.map(caseRow),
    '',
    ...notes,
    `<!-- regressions:${n}:end -->`,
  ].join('\n');
}

async function writeDocs(options) {
  const file = join(OUT_DIR, `issue-${options.issue}.json`);
  if (!existsSync(file)) fail(`no figures in ${relative(ROOT, file)}: run node scripts/regressions.mjs --issue ${options.issue} first`);
  const figures = JSON.parse(readFileSync(file, 'utf8'));
  const head = git(['rev-parse', 'HEAD']).out;
  if (figures.head.commit !== head)
    fail(`the figures are of ${figures.head.commit.slice(0, 12)}, not of HEAD ${head.slice(0, 12)} (a dirty tree's figures are never written): run the measurement again`);
  const start = `<!-- regressions:${options.issue}:start -->`;
  const end = `<!-- regressions:${options.issue}:end -->`;
  const text = readFileSync(DOC, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a === -1 || b < a) fail(`docs/reliability.md has no ${start} … ${end} markers`);
  writeFileSync(DOC, text.slice(0, a) + renderRegressions(figures) + text.slice(b + end.length));
  const t = figures.totals;
  console.log(`regressions: docs/reliability.md updated (issue ${options.issue}: ${t.cases} cases tried, ${t.failedBefore} failed before, ${t.passNow} pass now)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const options = parseArgs(process.argv.slice(2));
    await (options.docs ? writeDocs(options) : measure(options));
  } catch (error) {
    if (!(error instanceof RegressionsError)) throw error;
    console.error(`regressions: ${error.message}`);
    process.exit(1);
  }
}
