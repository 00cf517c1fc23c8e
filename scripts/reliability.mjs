#!/usr/bin/env node
// Merges the stress suites' figures (test-artifacts/reliability/<suite>.json, written by
// test/stress) into test-artifacts/reliability.json, and with `--readme` (the
// `npm run reliability` script) rewrites the Reliability page (docs/reliability.md) from it.
// Numbers come only from the last real run of each suite; nothing here is typed in by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'test-artifacts', 'reliability');
const MERGED = join(ROOT, 'test-artifacts', 'reliability.json');
const README = join(ROOT, 'docs', 'reliability.md');
const START = '<!-- reliability:start -->';
const END = '<!-- reliability:end -->';

/** The commit the working tree is at, as the suites stamp it (`+dirty` with uncommitted changes to tracked files). */
function currentCommit() {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  return head === '' ? 'unknown' : `${head}${dirty ? '+dirty' : ''}`;
}

/**
 * The suites' figures of this commit only: a suite file left by an older run
 * (another commit, or the old format without units) is refused and named, so
 * the ledger never merges runs of different code.
 */
export function mergeFigures() {
  if (!existsSync(DIR)) return undefined;
  const commit = currentCommit();
  const all = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));
  const suites = all.filter((s) => s.commit === commit && Array.isArray(s.skipped));
  const refused = all.filter((s) => !suites.includes(s)).map((s) => s.suite);
  if (suites.length === 0) return undefined;
  const sum = (key) => suites.reduce((n, s) => n + (s[key] ?? 0), 0);
  const merged = {
    generatedAt: new Date().toISOString(),
    commit,
    refused,
    totals: {
      runs: sum('runs'),
      assertions: sum('assertions'),
      iterations: sum('iterations'),
      faults: sum('faults'),
      faultsSurvived: sum('faultsSurvived'),
      faultsSkipped: suites.reduce((n, s) => n + s.skipped.length, 0),
      spansExpected: sum('spansExpected'),
      spansLost: sum('spansLost'),
    },
    suites,
  };
  writeFileSync(MERGED, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

const fmt = (n) => n.toLocaleString('en-US');
const dash = (n) => (n ? fmt(n) : '–');

/** `6/8 (2 skipped)`: what ran and survived over everything the suite has, skipped included. */
const faultCell = (survived, run, skipped) => (run + skipped === 0 ? '–' : `${survived}/${run + skipped}${skipped ? ` (${skipped} skipped)` : ''}`);

export function renderSection(merged) {
  const { totals, suites, commit, refused } = merged;
  const rows = suites.map(
    (s) =>
      `| ${s.suite} | ${dash(s.runs)} | ${dash(s.assertions)} | ${dash(s.iterations)} | ${faultCell(s.faultsSurvived, s.faults, s.skipped.length)} | ${s.spansExpected ? `${s.spansLost} of ${fmt(s.spansExpected)}` : '–'} | ${s.ranAt.slice(0, 16).replace('T', ' ')} |`,
  );
  const notes = suites.filter((s) => s.notes.length > 0).map((s) => `- **${s.suite}**: ${s.notes.join('; ')}`);
  const skipped = suites.flatMap((s) => s.skipped.map((why) => `- skipped in **${s.suite}**: ${why}`));
  return [
    START,
    `From one run of \`test/stress/\` at commit \`${commit.slice(0, 12)}\` (regenerate with \`npm test && npm run reliability\`). Three units, never added together: **${fmt(totals.runs)} process-level runs** (each a real process whose result was checked), **${fmt(totals.assertions)} assertions** passed, and **${fmt(totals.iterations)} property iterations** (in process). Faults: **${faultCell(totals.faultsSurvived, totals.faults, totals.faultsSkipped)}** survived. Spans: **${totals.spansLost} lost of ${fmt(totals.spansExpected)}** the runs must have recorded (counted from what was run, not from what was stored).${refused.length ? ` Not in this table (figures of another commit): ${refused.join(', ')}.` : ''}`,
    '',
    '| suite | runs | assertions | property iterations | faults survived | spans lost | run (UTC) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    ...notes,
    ...skipped,
    END,
  ].join('\n');
}

function updateReadme() {
  const merged = mergeFigures();
  if (!merged) {
    console.error(`reliability: no figures of this commit in ${DIR}; run the stress suites first (npx vitest run test/stress)`);
    process.exit(1);
  }
  const text = readFileSync(README, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a === -1 || b === -1 || b < a) {
    console.error(`reliability: docs/reliability.md has no ${START} … ${END} markers`);
    process.exit(1);
  }
  writeFileSync(README, text.slice(0, a) + renderSection(merged) + text.slice(b + END.length));
  console.log(
    `reliability: docs/reliability.md updated (${merged.totals.runs} runs, ${merged.totals.assertions} assertions, ${merged.totals.iterations} iterations, ${merged.totals.spansLost} spans lost)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) updateReadme();
