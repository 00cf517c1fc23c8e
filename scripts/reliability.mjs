#!/usr/bin/env node
// Merges the stress suites' figures (test-artifacts/reliability/<suite>.json, written by
// test/stress) into test-artifacts/reliability.json, and with `--readme` (the
// `npm run reliability` script) rewrites the Reliability page (docs/reliability.md) from it.
// Numbers come only from the last real run of each suite; nothing here is typed in by hand.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'test-artifacts', 'reliability');
const MERGED = join(ROOT, 'test-artifacts', 'reliability.json');
const README = join(ROOT, 'docs', 'reliability.md');
const START = '<!-- reliability:start -->';
const END = '<!-- reliability:end -->';

export function mergeFigures() {
  if (!existsSync(DIR)) return undefined;
  const suites = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));
  if (suites.length === 0) return undefined;
  const sum = (key) => suites.reduce((n, s) => n + (s[key] ?? 0), 0);
  const merged = {
    generatedAt: new Date().toISOString(),
    totals: {
      cases: sum('cases'),
      faults: sum('faults'),
      faultsSurvived: sum('faultsSurvived'),
      spansExpected: sum('spansExpected'),
      spansLost: sum('spansLost'),
    },
    suites,
  };
  writeFileSync(MERGED, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

const fmt = (n) => n.toLocaleString('en-US');

export function renderSection(merged) {
  const { totals, suites } = merged;
  const rows = suites.map(
    (s) =>
      `| ${s.suite} | ${fmt(s.cases)} | ${s.faults ? `${s.faultsSurvived}/${s.faults}` : '–'} | ${s.spansExpected ? `${s.spansLost} of ${fmt(s.spansExpected)}` : '–'} | ${s.ranAt.slice(0, 16).replace('T', ' ')} |`,
  );
  const notes = suites.filter((s) => s.notes.length > 0).map((s) => `- **${s.suite}**: ${s.notes.join('; ')}`);
  return [
    START,
    `From the last run of \`test/stress/\` (regenerate with \`npm test && npm run reliability\`): **${fmt(totals.cases)} cases**, **${totals.faultsSurvived}/${totals.faults} faults survived**, **${totals.spansLost} spans lost** of ${fmt(totals.spansExpected)} stored.`,
    '',
    '| suite | cases run | faults survived | spans lost | run (UTC) |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    ...notes,
    END,
  ].join('\n');
}

function updateReadme() {
  const merged = mergeFigures();
  if (!merged) {
    console.error(`reliability: no figures in ${DIR}; run the stress suites first (npx vitest run test/stress)`);
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
  console.log(`reliability: docs/reliability.md updated (${merged.totals.cases} cases, ${merged.totals.spansLost} spans lost)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) updateReadme();
