import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoraGroup } from '../../src/stats/dora.ts';
import type { SpanRecord } from '../../src/trace/span.ts';
import { storedSpans, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { GitRepo } from '../support/git-repo.ts';

const store = useTempStore();
const DAY = 86_400;
/** Commit times are whole seconds, some days before now. */
const nowS = () => Math.floor(Date.now() / 1000);

function repo(name = 'app'): GitRepo {
  return new GitRepo(join(store.dir, name), store.env);
}

/** A real deployment: `vstrace run --type=deploy` in the repository, at whatever HEAD is; returns its span. */
function deploy(r: GitRepo, ok = true, extra: string[] = []): SpanRecord {
  const run = vstraceSync(['run', '--type=deploy', '--service', 'api', '--env', 'prod', ...extra, '--', ok ? 'true' : 'false'], { env: store.env, cwd: r.dir });
  expect([run.status, run.stderr]).toEqual([ok ? 0 : 1, '']);
  return storedSpans(store.home).at(-1)!;
}

function dora(args: string[] = []): { groups: DoraGroup[] } & Record<string, unknown> {
  const r = vstraceSync(['dora', '--json', ...args], { env: store.env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

/** µs → s, as dora reports them. */
const sec = (us: number) => us / 1e6;
/** A lead time: the deployment's recorded end − the commit time the test set, in seconds. */
const lead = (d: SpanRecord, commitS: number) => (d.endUs! - commitS * 1e6) / 1e6;
/** Nearest rank, 1-based ⌈p·n⌉, of the values sorted. */
const rank = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1]!;

describe('vstrace dora against a real repository and real deployments', () => {
  it('computes the four keys to the microsecond of what was recorded, with bands and inputs', () => {
    const r = repo();
    const t = nowS();
    r.commit('A', t - 10 * DAY);
    deploy(r); // the baseline: what shipped before it was never recorded
    r.commit('B', t - 9 * DAY);
    r.commit('C', t - 8 * DAY);
    const d2 = deploy(r);
    r.commit('D', t - 3 * DAY);
    const d3 = deploy(r, false);
    const d4 = deploy(r);
    const e = r.commit('E', t - 2 * DAY);
    const d5 = deploy(r);
    r.commit('F', t - 1 * DAY);
    const d6 = deploy(r, true, ['--tag', `fixes=${e.slice(0, 10)}`]);
    r.git('checkout', '-q', e);
    const d7 = deploy(r); // back to E: a rollback from F, which ships nothing new (a deployment read, no commit)

    const [g] = dora().groups;
    const leads = [lead(d2, t - 9 * DAY), lead(d2, t - 8 * DAY), lead(d4, t - 3 * DAY), lead(d5, t - 2 * DAY), lead(d6, t - 1 * DAY)];
    const recoveries = [sec(d4.endUs! - d3.endUs!), sec(d6.endUs! - d5.endUs!), sec(d7.endUs! - d6.endUs!)];
    const days = new Set(storedSpans(store.home).map((s) => Math.floor(s.endUs! / 86_400e6))).size;
    expect(g).toEqual({
      service: 'api',
      environment: 'prod',
      deployments: { succeeded: 6, failed: 1, open: 0 },
      frequency: { perDay: 6 / 90, perWeek: (6 / 90) * 7, deploymentDays: days, band: 'medium', inputs: { deployments: 6, days: 90 } },
      leadTime: {
        // sorted: F ≈ 1 d, E ≈ 2 d, D ≈ 3 d, C ≈ 8 d, B ≈ 9 d; the median is rank 3, p90 rank 5
        medianSeconds: rank(leads, 0.5),
        p90Seconds: rank(leads, 0.9),
        band: 'high',
        inputs: { deployments: 5, commits: 5, merges: 0, skewed: 0, uncertain: 0, baseline: 1, unreadable: 0 },
        unreadable: [],
      },
      changeFailureRate: { rate: 3 / 7, band: 'low', inputs: { deployments: 7, failed: 1, fixed: 1, rolledBack: 1 } },
      recoveryTime: { medianSeconds: rank(recoveries, 0.5), band: 'elite', inputs: { incidents: 3, recovered: 3, unrecovered: 0 } },
    });
    expect(rank(leads, 0.5)).toBe(lead(d4, t - 3 * DAY));
    expect(rank(leads, 0.9)).toBe(lead(d2, t - 9 * DAY));

    const text = vstraceSync(['dora'], { env: store.env });
    expect(text.stdout).toMatch(/api · prod/);
    expect(text.stdout).toMatch(/deployment frequency\s+.*\s6 successful deployments in 90 days\n/);
    expect(text.stdout).toMatch(/lead time for changes\s+median 3d00h, p90 9d00h\s+high\s+5 commits of 5 deployments/);
    expect(text.stdout).toMatch(/change failure rate\s+42\.9%\s+low\s+1 failed, 1 fixed, 1 rolled back, of 7 deployments/);
  });

  it('walks both parents of a merge: the branch commits count, the merge commit does not', () => {
    const r = repo();
    const t = nowS();
    r.commit('base', t - 5 * DAY);
    deploy(r);
    r.git('checkout', '-q', '-b', 'feature');
    r.commit('X1', t - 4 * DAY);
    r.commit('X2', t - 3 * DAY);
    r.git('checkout', '-q', 'main');
    r.commit('M1', t - 2 * DAY);
    r.merge('feature', t - 1 * DAY);
    const d = deploy(r);
    const { leadTime } = dora().groups[0]!;
    const leads = [4, 3, 2].map((k) => lead(d, t - k * DAY));
    expect(leadTime).toMatchObject({ medianSeconds: rank(leads, 0.5), p90Seconds: rank(leads, 0.9), inputs: { commits: 3, merges: 1, deployments: 1 } });
  });

  it('reads one repository once for two environments whose baselines differ, and counts for each what it shipped', () => {
    const r = repo();
    const t = nowS();
    r.commit('A', t - 4 * DAY);
    deploy(r); // prod's baseline
    r.commit('B', t - 3 * DAY);
    r.commit('C', t - 2 * DAY);
    deploy(r, true, ['--env', 'staging']); // staging's baseline, ahead of prod's
    r.commit('D', t - DAY);
    const prod = deploy(r);
    const staging = deploy(r, true, ['--env', 'staging']);
    const [p, s] = dora().groups;
    expect([p!.environment, p!.leadTime.inputs.commits, p!.leadTime.medianSeconds]).toEqual(['prod', 3, lead(prod, t - 2 * DAY)]);
    expect([s!.environment, s!.leadTime.inputs.commits, s!.leadTime.medianSeconds]).toEqual(['staging', 1, lead(staging, t - DAY)]);
  });

  it("reads back past the period to each stream's predecessor, from which lead time counts", () => {
    const r = repo();
    const t = nowS();
    r.commit('A', t - 12 * DAY);
    const old = deploy(r);
    // the first deployment moves to a segment 10 days back, as if it had run then
    const tenDays = 10 * 86_400e9;
    const [line] = readFileSync(join(store.home, 'traces', readdirSync(join(store.home, 'traces'))[0]!), 'utf8').split('\n');
    const moved = line!.replace(/"(start|end)TimeUnixNano":"(\d+)"/g, (_, k, ns) => `"${k}TimeUnixNano":"${BigInt(ns) - BigInt(tenDays)}"`);
    rmSync(join(store.home, 'traces'), { recursive: true });
    rmSync(join(store.home, 'index'), { recursive: true, force: true });
    mkdirSync(join(store.home, 'traces'));
    const day = new Date((old.endUs! - tenDays / 1000) / 1000).toISOString().slice(0, 10);
    writeFileSync(join(store.home, 'traces', `${day}.jsonl`), `${moved}\n`, { mode: 0o600 });
    r.commit('B', t - DAY);
    const d = deploy(r);
    const [g] = dora(['--since', '2d']).groups;
    expect(g!.deployments.succeeded).toBe(1);
    expect(g!.leadTime).toMatchObject({ medianSeconds: lead(d, t - DAY), inputs: { deployments: 1, commits: 1, baseline: 0 } });
  });

  it('keeps what it found per segment beside the index, and scans a segment again once it changed or the file is not its own', () => {
    const r = repo();
    r.commit('A', nowS() - DAY);
    deploy(r);
    expect(dora().groups[0]!.deployments.succeeded).toBe(1);
    const [kept] = readdirSync(join(store.home, 'index')).filter((n) => n.endsWith('.deployments.json'));
    expect(kept).toBeDefined();
    deploy(r, false); // today's segment grows: what was kept no longer answers
    expect(dora().groups[0]!.deployments).toEqual({ succeeded: 1, failed: 1, open: 0 });
    const file = join(store.home, 'index', kept!);
    writeFileSync(file, '{"v":2,"covered":1}\n"not spans"');
    expect(dora().groups[0]!.deployments).toEqual({ succeeded: 1, failed: 1, open: 0 });
    // edited in place, the same length: one deployment moved to another environment; the checksum no longer matches
    const edited = readFileSync(file, 'utf8').replace('"deployment.environment.name":"prod"', '"deployment.environment.name":"dorp"');
    expect(edited).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, edited);
    expect(dora().groups.map((g) => [g.environment, g.deployments])).toEqual([['prod', { succeeded: 1, failed: 1, open: 0 }]]);
  });

  it('does not count a commit dated after its deployment (clock skew), and says so', () => {
    const r = repo();
    const t = nowS();
    r.commit('base', t - DAY);
    deploy(r);
    r.commit('from a fast clock', t + 3600);
    r.commit('honest', t - 3600);
    const d = deploy(r);
    const { leadTime } = dora().groups[0]!;
    expect(leadTime).toMatchObject({ medianSeconds: lead(d, t - 3600), inputs: { commits: 1, skewed: 1 } });
    expect(vstraceSync(['dora'], { env: store.env }).stdout).toContain('not counted: 1 after the deploy (clock skew)');
  });

  it('counts an open deployment apart, in no figure', () => {
    const r = repo();
    r.commit('base', nowS() - DAY);
    deploy(r);
    const start = vstraceSync(['start', '--type=deploy', '--service', 'api', '--env', 'prod'], { env: store.env, cwd: r.dir });
    expect(start.status).toBe(0);
    const [g] = dora().groups;
    expect(g!.deployments).toEqual({ succeeded: 1, failed: 0, open: 1 });
    expect(g!.changeFailureRate.inputs.deployments).toBe(1);
  });

  it('names a deployment whose revision a force-push and gc removed, and leaves uncertain what it may have shipped', () => {
    const r = repo();
    const t = nowS();
    const a = r.commit('A', t - 5 * DAY);
    deploy(r);
    r.commit('B', t - 4 * DAY);
    const c = r.commit('C', t - 3 * DAY);
    const lost = deploy(r);
    r.git('reset', '-q', '--hard', a);
    r.commit("B'", t - 2 * DAY); // older than the lost deployment: it may have shipped it
    const d = deploy(r);
    r.git('reflog', 'expire', '--expire=now', '--all');
    r.git('gc', '-q', '--prune=now');
    const { leadTime } = dora().groups[0]!;
    expect(leadTime.unreadable).toEqual([{ spanId: lost.spanId, revision: c, why: 'revision not in the repository (history rewritten and pruned, or not fetched)' }]);
    expect(leadTime).toMatchObject({ medianSeconds: null, band: null, inputs: { deployments: 1, commits: 0, uncertain: 1, unreadable: 1 } });
    expect(d.attributes['vcs.ref.head.revision']).not.toBe(c);
    expect(vstraceSync(['dora'], { env: store.env }).stdout).toContain(`unreadable: deployment ${lost.spanId} at ${c.slice(0, 12)}: revision not in the repository`);
  });

  it('says a repository is not on this machine, still counts the rest, and reads a clone given with --repo', () => {
    const r = repo();
    const t = nowS();
    r.commit('A', t - 2 * DAY);
    deploy(r);
    r.commit('B', t - DAY);
    const d = deploy(r);
    cpSync(r.dir, join(store.dir, 'clone'), { recursive: true });
    renameSync(r.dir, join(store.dir, 'moved-away'));
    const away = dora().groups[0]!;
    expect(away.deployments.succeeded).toBe(2);
    expect(away.leadTime.unreadable.map((u) => u.why)).toEqual([0, 1].map(() => `repository ${r.dir} is not on this machine (give --repo PATH to read a clone of it)`));
    expect(away.leadTime.medianSeconds).toBeNull();
    const clone = dora(['--repo', join(store.dir, 'clone')]).groups[0]!;
    expect(clone.leadTime).toMatchObject({ medianSeconds: lead(d, t - DAY), inputs: { commits: 1, unreadable: 0 } });
  });

  it('filters and pools by service and environment, and sets a period beside the previous one', () => {
    const r = repo();
    r.commit('A', nowS() - DAY);
    deploy(r);
    deploy(r, true, ['--env', 'staging']);
    deploy(r, false, ['--service', 'web', '--env', 'staging']);
    expect(dora().groups.map((g) => [g.service, g.environment])).toEqual([
      ['api', 'prod'],
      ['api', 'staging'],
      ['web', 'staging'],
    ]);
    expect(dora(['--by', 'env']).groups.map((g) => [g.environment, g.deployments.succeeded, g.deployments.failed])).toEqual([
      ['prod', 1, 0],
      ['staging', 1, 1],
    ]);
    expect(dora(['--service', 'web']).groups.map((g) => g.changeFailureRate.rate)).toEqual([1]);
    const compared = dora(['--since', '7d', '--compare', '--env', 'prod']);
    expect((compared.previous as DoraGroup[]).map((g) => g.deployments)).toEqual([{ succeeded: 0, failed: 0, open: 0 }]);
    expect(compared.groups.map((g) => g.frequency.inputs)).toEqual([{ deployments: 1, days: 7 }]);
  });

  it('refuses what it cannot answer with a one-line usage error', () => {
    for (const [args, message] of [
      [['--since', 'all', '--compare'], '--compare needs a period'],
      [['--csv'], '--csv is for the audit trail'],
      [['--by', 'team'], "'team' is invalid"],
    ] as const) {
      const r = vstraceSync(['dora', ...args], { env: store.env });
      // vstrace's usage errors outside run exit 2 (run's are 125, to stay apart from the command's own statuses)
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(args[0] === '--by' ? 2 : 1);
    }
  });
});

describe('the audit trail: vstrace dora --deployments', () => {
  it('answers who, what, when, where, why and the outcome, as JSON and as CSV a spreadsheet cannot run', () => {
    const r = repo();
    const sha = r.commit('A', nowS() - DAY, 'Bea Builder <bea@example.com>');
    const ci = {
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'org/app',
      GITHUB_RUN_ID: '991',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'deploy',
    };
    const run = vstraceSync(['run', '--type=deploy', '--service', 'api', '--env', 'prod', '--reason', '=HYPERLINK("x") "quoted", INC-7', '--', 'sh', '-c', 'exit 0'], {
      env: { ...store.env, ...ci },
      cwd: r.dir,
    });
    expect(run.status).toBe(0);
    const failed = deploy(r, false);
    const [span] = storedSpans(store.home);

    const rows = JSON.parse(vstraceSync(['dora', '--deployments', '--json'], { env: store.env }).stdout);
    const user = span!.attributes['process.owner'];
    expect(typeof user).toBe('string');
    expect(rows).toEqual([
      {
        spanId: failed.spanId,
        traceId: failed.traceId,
        started: new Date(Math.floor(failed.startUs / 1000)).toISOString(),
        ended: new Date(Math.floor(failed.endUs! / 1000)).toISOString(),
        outcome: 'failed',
        user,
        commitAuthor: 'Bea Builder <bea@example.com>',
        service: 'api',
        environment: 'prod',
        revision: sha,
        repository: r.dir,
        command: 'false',
        host: span!.resource['host.name'],
        ciRun: null,
        reason: null,
      },
      {
        spanId: span!.spanId,
        traceId: span!.traceId,
        started: new Date(Math.floor(span!.startUs / 1000)).toISOString(),
        ended: new Date(Math.floor(span!.endUs! / 1000)).toISOString(),
        outcome: 'succeeded',
        user,
        commitAuthor: 'Bea Builder <bea@example.com>',
        service: 'api',
        environment: 'prod',
        revision: sha,
        // the CI run names the repository (vcs.repository.url.full) before the work tree
        repository: 'https://github.example/org/app',
        command: 'sh -c exit 0',
        host: span!.resource['host.name'],
        ciRun: 'https://github.example/org/app/actions/runs/991/attempts/1',
        reason: '=HYPERLINK("x") "quoted", INC-7',
      },
    ]);

    const csv = vstraceSync(['dora', '--deployments', '--csv'], { env: store.env }).stdout.trim().split('\n');
    expect(csv[0]).toBe('ended,outcome,service,environment,revision,user,commitAuthor,host,reason,command,ciRun,repository,started,spanId,traceId');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toContain(`,succeeded,api,prod,${sha},${user},Bea Builder <bea@example.com>,`);
    // a leading = is quoted away, so the cell is text, never a formula
    expect(csv[2]).toContain(`,"'=HYPERLINK(""x"") ""quoted"", INC-7",sh -c exit 0,https://github.example/org/app/actions/runs/991/attempts/1,https://github.example/org/app,`);

    const table = vstraceSync(['dora', '--deployments'], { env: store.env }).stdout;
    expect(table).toMatch(/succeeded\s+api\s+prod\s+[0-9a-f]{12}/);
    expect(table).toContain('(Bea Builder)');
  });
});

describe('the report’s delivery section', () => {
  it('shows the four keys beside the period before and the newest deployments, values escaped; no section without deployments', () => {
    const empty = vstraceSync(['run', '--type=build', '--', 'true'], { env: store.env });
    expect(empty.status).toBe(0);
    const none = join(store.dir, 'none.html');
    expect(vstraceSync(['report', '--since', '7d', '--out', none], { env: store.env }).status).toBe(0);
    expect(readFileSync(none, 'utf8')).not.toContain('id="delivery"');

    const r = repo();
    r.commit('A', nowS() - 2 * DAY, 'Cy <cy@example.com>');
    deploy(r);
    r.commit('B', nowS() - DAY, 'Cy <cy@example.com>');
    deploy(r, true, ['--reason', '<script>alert(1)</script> INC-3']);
    deploy(r, false);
    const out = join(store.dir, 'report.html');
    const wrote = vstraceSync(['report', '--since', '7d', '--out', out], { env: store.env });
    expect([wrote.status, wrote.stderr]).toEqual([0, '']);
    const html = readFileSync(out, 'utf8');
    const section = html.slice(html.indexOf('<section class="extra" id="delivery">'), html.indexOf('</section>', html.indexOf('id="delivery"')));
    expect(section).toContain('<h2>Delivery: DORA&#39;s four keys</h2>');
    // api · prod: 2 successful of 3 in 7 days, 1 commit, 1 of 3 failed
    expect(section).toContain('<td class="name">api</td><td class="name">prod</td>');
    expect(section).toContain(`${((2 / 7) * 7).toFixed(1)}/week`);
    expect(section).toContain('33.3% <span class="err">low</span>');
    expect(section).toContain('2 ok, 1 failed; 1 commits');
    expect(section.match(/<tr><td class="name">\d{4}-\d\d-\d\d /g)).toHaveLength(3);
    expect(section).toContain('(Cy)');
    expect(section).toContain('&lt;script&gt;alert(1)&lt;/script&gt; INC-3');
    expect(section).not.toContain('<script>alert(1)');
  });
});
