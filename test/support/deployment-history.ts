import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { failureRateBand, frequencyBand, leadTimeBand, recoveryBand } from '../../src/stats/dora-bands.ts';
import { formatLong } from '../../src/view/dora.ts';
import { storedSpans, vstraceSync } from './cli.ts';
import { GitRepo } from './git-repo.ts';

/**
 * Two months of deployments, recorded for real: two git repositories (an API
 * and a web front end) whose commits have known times, and `vstrace run
 * --type=deploy` at each one's HEAD, to staging and production, some failing
 * and recovered by the next. Each deployment runs at its moment in the past
 * under libfaketime (the wall clock of that one process moved back; the
 * monotonic clock real), so the store holds them as if run then; the figures
 * a reader should see are computed here from what was recorded.
 */
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const DAY_S = 86_400;

type Step = { daysAgo: number; repo: 'api' | 'web'; commit: string; author: string } | { daysAgo: number; repo: 'api' | 'web'; env: 'staging' | 'production'; ok: boolean; reason?: string };

const ANN = 'Ann Author <ann@example.com>';
const BO = 'Bo Builder <bo@example.com>';
const CY = 'Cy Coder <cy@example.com>';

/** Oldest first. The report's period is the last 30 days; the 30 before it are its "was". */
const STEPS: readonly Step[] = [
  { daysAgo: 50, repo: 'api', commit: 'api: first release', author: ANN },
  { daysAgo: 49.9, repo: 'api', env: 'staging', ok: true },
  { daysAgo: 49.8, repo: 'api', env: 'production', ok: true, reason: 'first release' },
  { daysAgo: 48, repo: 'web', commit: 'web: first release', author: CY },
  { daysAgo: 47.9, repo: 'web', env: 'production', ok: true, reason: 'first release' },
  { daysAgo: 44, repo: 'api', commit: 'cart: coupon codes', author: BO },
  { daysAgo: 43.8, repo: 'api', env: 'staging', ok: true },
  { daysAgo: 42, repo: 'api', env: 'production', ok: false, reason: 'weekly release' },
  { daysAgo: 41.8, repo: 'api', env: 'production', ok: true, reason: 'weekly release, retried' },
  { daysAgo: 38, repo: 'web', commit: 'web: new header', author: CY },
  { daysAgo: 37.9, repo: 'web', env: 'production', ok: true },
  // the report's period
  { daysAgo: 26, repo: 'api', commit: 'api: rate limits', author: ANN },
  { daysAgo: 25.8, repo: 'api', env: 'staging', ok: true },
  { daysAgo: 25, repo: 'api', env: 'production', ok: true, reason: 'weekly release' },
  { daysAgo: 21, repo: 'web', commit: 'web: dark mode', author: CY },
  { daysAgo: 20.6, repo: 'web', env: 'production', ok: true },
  { daysAgo: 17, repo: 'api', commit: 'payments: 3-D Secure', author: BO },
  { daysAgo: 16.9, repo: 'api', env: 'staging', ok: true },
  { daysAgo: 16, repo: 'api', env: 'production', ok: false, reason: 'weekly release' },
  { daysAgo: 15.97, repo: 'api', env: 'production', ok: true, reason: 'INC-12: card provider timed out, retried' },
  { daysAgo: 12, repo: 'api', commit: 'search: typo tolerance', author: ANN },
  { daysAgo: 11, repo: 'api', commit: 'search: synonyms', author: ANN },
  { daysAgo: 10.9, repo: 'api', env: 'staging', ok: true },
  { daysAgo: 10, repo: 'api', env: 'production', ok: true, reason: 'weekly release' },
  { daysAgo: 8, repo: 'web', commit: 'web: lazy-load product images', author: CY },
  { daysAgo: 7.9, repo: 'web', env: 'production', ok: false, reason: 'ship <img loading="lazy">' },
  { daysAgo: 7.5, repo: 'web', commit: 'web: lazy loading on Safari', author: CY },
  { daysAgo: 7.4, repo: 'web', env: 'production', ok: true, reason: 'INC-14: blank product images' },
  { daysAgo: 4, repo: 'api', commit: 'cart: faster totals', author: BO },
  { daysAgo: 3.9, repo: 'api', env: 'staging', ok: true },
  { daysAgo: 3, repo: 'api', env: 'production', ok: true, reason: 'weekly release' },
  { daysAgo: 2, repo: 'web', commit: 'web: alt text on product images', author: CY },
  { daysAgo: 1.5, repo: 'web', env: 'production', ok: true },
  { daysAgo: 0.5, repo: 'api', commit: 'api: request ids in logs', author: ANN },
  { daysAgo: 0.4, repo: 'api', env: 'staging', ok: true },
];

/** One recorded deployment, with what the test knows of it. */
export interface RecordedDeployment {
  service: 'api' | 'web';
  environment: 'staging' | 'production';
  ok: boolean;
  reason?: string;
  revision: string;
  author: string;
  /** What the store recorded. */
  name: string;
  endUs: number;
  /** The commits this deployment's repository had at its HEAD, oldest first, with their times (s). */
  history: ReadonlyArray<{ sha: string; timeS: number }>;
}

export function recordDeployments(dir: string, env: Record<string, string>, home: string): RecordedDeployment[] {
  if (!existsSync(FAKETIME)) throw new Error(`libfaketime is not installed at ${FAKETIME}: scripts/ci-system-deps.sh installs it`);
  const repos = {
    api: new GitRepo(join(dir, 'api'), env),
    web: new GitRepo(join(dir, 'web'), env),
  };
  const histories: Record<'api' | 'web', Array<{ sha: string; timeS: number; author: string }>> = { api: [], web: [] };
  for (const [name, repo] of Object.entries(repos)) {
    repo.git('remote', 'add', 'origin', `https://github.com/valuestream/${name}.git`);
    writeFileSync(join(repo.dir, 'deploy.sh'), '#!/bin/sh\necho "deploying to $1"\nexit "${DEPLOY_EXIT:-0}"\n', { mode: 0o755 });
  }
  const made: Array<Omit<RecordedDeployment, 'name' | 'endUs'>> = [];
  for (const step of STEPS) {
    const atS = Math.floor(Date.now() / 1000 - step.daysAgo * DAY_S);
    if ('commit' in step) {
      histories[step.repo].push({ sha: repos[step.repo].commit(step.commit, atS, step.author), timeS: atS, author: step.author });
      continue;
    }
    const clock = { LD_PRELOAD: FAKETIME, FAKETIME: String(atS - Math.floor(Date.now() / 1000)), FAKETIME_DONT_FAKE_MONOTONIC: '1', DEPLOY_EXIT: step.ok ? '0' : '1' };
    const reason = step.reason ? ['--reason', step.reason] : [];
    const r = vstraceSync(['run', '--type=deploy', '--service', step.repo, '--env', step.env, ...reason, '--', './deploy.sh', step.env], { env: { ...env, ...clock }, cwd: repos[step.repo].dir });
    expect([r.status, r.stderr]).toEqual([step.ok ? 0 : 1, '']);
    const history = [...histories[step.repo]];
    const head = history.at(-1)!;
    made.push({ service: step.repo, environment: step.env, ok: step.ok, ...(step.reason ? { reason: step.reason } : {}), revision: head.sha, author: head.author, history });
  }
  const recorded = storedSpans(home)
    .filter((s) => s.attributes['vstrace.type'] === 'deploy' && s.attributes['vcs.ref.head.revision'] !== undefined)
    .sort((a, b) => a.endUs! - b.endUs!);
  expect(recorded.map((s) => [s.resource['service.name'], s.resource['deployment.environment.name'], s.attributes['vcs.ref.head.revision']])).toEqual(
    made.map((d) => [d.service, d.environment, d.revision]),
  );
  return made.map((d, i) => ({ ...d, name: recorded[i]!.name, endUs: recorded[i]!.endUs! }));
}

/** Nearest rank, 1-based ⌈p·n⌉, of the values sorted. */
const rank = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1]!;
/** µs → s as dora reports them (whole µs). */
const seconds = (us: number): number => Math.round(us) / 1e6;

/** A stream's figures over [fromUs, toUs), by the rules of docs/dora.md, as the report's delivery section prints them. */
export interface ExpectedKeys {
  frequency: string;
  leadTime: string;
  failureRate: string;
  recovery: string;
  inputs: string;
}

export function expectedKeys(all: readonly RecordedDeployment[], service: string, environment: string, fromUs: number, toUs: number): ExpectedKeys {
  const stream = all.filter((d) => d.service === service && d.environment === environment);
  const inPeriod = (us: number) => us >= fromUs && us < toUs;
  const days = (toUs - fromUs) / (DAY_S * 1e6);
  const ended = stream.filter((d) => inPeriod(d.endUs));
  const ok = ended.filter((d) => d.ok).length;
  const failed = ended.length - ok;
  // lead time: each successful deployment ships the commits after its predecessor's revision (none for the stream's first: the baseline)
  const leads: number[] = [];
  let shippedTo: string | undefined;
  for (const d of stream) {
    if (!d.ok) continue;
    if (shippedTo !== undefined && inPeriod(d.endUs)) {
      const from = d.history.findIndex((c) => c.sha === shippedTo) + 1;
      for (const c of d.history.slice(from)) leads.push(d.endUs - c.timeS * 1e6);
    }
    shippedTo = d.revision;
  }
  // recovery: from a failure's end to the next success's end, for failures in the period
  const recoveries = stream.flatMap((d, i) => {
    if (d.ok || !inPeriod(d.endUs) || stream[i - 1]?.ok === false) return [];
    const next = stream.slice(i + 1).find((e) => e.ok);
    return next ? [next.endUs - d.endUs] : [];
  });
  const band = (b: string | null) => b ?? 'no data';
  const lead = leads.length ? seconds(rank(leads, 0.5)) : null;
  const recovery = recoveries.length ? seconds(rank(recoveries, 0.5)) : null;
  const rate = ended.length ? failed / ended.length : null;
  return {
    frequency: `${((ok / days) * 7).toFixed(1)}/week ${frequencyBand(ok / days)}`,
    leadTime: `${formatLong(lead)} ${band(lead === null ? null : leadTimeBand(lead))}`,
    failureRate: `${rate === null ? '—' : `${(rate * 100).toFixed(1)}%`} ${band(rate === null ? null : failureRateBand(rate))}`,
    recovery: `${formatLong(recovery)} ${band(recovery === null ? null : recoveryBand(recovery))}`,
    inputs: `${ok} ok, ${failed} failed; ${leads.length} commits`,
  };
}
