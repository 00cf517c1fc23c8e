/**
 * One stream of deployments (a service in an environment), walked in the
 * order they ended: which commits each successful deployment shipped first,
 * which deployments a later one fixed or rolled back, and which could not be
 * read. The commit graph is read by an adapter at query time (git log); this
 * part only walks it. Pure. The rules are docs/dora.md's.
 */
export type DeploymentOutcome = 'succeeded' | 'failed' | 'open';

export interface Deployment {
  spanId: string;
  traceId: string;
  service: string;
  /** '' when the deployment named no environment. */
  environment: string;
  startUs: number;
  /** Absent while open (started, never ended). */
  endUs?: number;
  outcome: DeploymentOutcome;
  revision?: string;
  workTree?: string;
  /** `--tag fixes=<revision>`: the (abbreviated) revision whose deployment this one fixes. */
  fixes?: string;
}

export interface Commit {
  parents: readonly string[];
  /** Committer time. */
  timeUs: number;
}

/**
 * What git gave for a stream's repository: the revisions it has, and the
 * commits reachable from them back to (not including) a commit every
 * stream's baseline (its first readable deployment) contains, so one read
 * serves every stream deployed from the repository.
 */
export interface RepositoryRead {
  /** Why nothing could be read (not on this machine, not a repository); then every deployment is unreadable. */
  problem?: string;
  exists: ReadonlySet<string>;
  /** By sha; a revision that exists but is not among them is older than every baseline, shipped before anything was recorded. */
  commits: ReadonlyMap<string, Commit>;
}

export interface Shipped {
  /** deployment end − commit time, for each commit counted. */
  leadsUs: number[];
  /** Merge commits: shipped, not counted (their changes are their parents' commits). */
  merges: number;
  /** Commits whose time is after the deployment's end: a clock is wrong; not counted. */
  skewed: number;
  /** Commits older than an unreadable deployment before this one, which may have shipped them: not counted. */
  uncertain: number;
}

export interface Unreadable {
  spanId: string;
  revision?: string;
  why: string;
}

export interface BadChange {
  by: Deployment;
  kind: 'fix' | 'rollback';
}

export interface Incident {
  spanId: string;
  startUs: number;
  /** Absent: not recovered yet. */
  endUs?: number;
}

export interface StreamWalk {
  shipped: Map<string, Shipped>;
  /** The first readable successful deployment: what it shipped is unknown (nothing before it was recorded). */
  baseline?: string;
  unreadable: Unreadable[];
  /** Successful deployments a later one fixed (`fixes=`) or rolled back from, by span id. */
  bad: Map<string, BadChange>;
  incidents: Incident[];
}

/** The ended deployments of one stream, ordered by end; `read` undefined when no deployment named a repository. */
export function walkStream(ended: readonly Deployment[], read: RepositoryRead | undefined): StreamWalk {
  const walk: StreamWalk = { shipped: new Map(), unreadable: [], bad: new Map(), incidents: [] };
  const shippedCommits = new Set<string>();
  const deployedRevisions = new Set<string>();
  let previous: Deployment | undefined;
  let unreadableEndUs: number | undefined;
  for (const d of ended) {
    if (d.outcome !== 'succeeded') continue;
    const target = d.fixes ? fixedBy(ended, d) : undefined;
    if (target && !walk.bad.has(target.spanId)) walk.bad.set(target.spanId, { by: d, kind: 'fix' });
    if (previous?.revision && d.revision && d.revision !== previous.revision && !walk.bad.has(previous.spanId)) {
      const alreadyShipped = deployedRevisions.has(d.revision) || (walk.baseline !== undefined && read?.exists.has(d.revision) && (shippedCommits.has(d.revision) || !read.commits.has(d.revision)));
      if (alreadyShipped) walk.bad.set(previous.spanId, { by: d, kind: 'rollback' });
    }
    const why = unreadableWhy(d, read);
    if (why) {
      walk.unreadable.push({ spanId: d.spanId, ...(d.revision ? { revision: d.revision } : {}), why });
      if (walk.baseline !== undefined) unreadableEndUs = d.endUs;
    } else if (walk.baseline === undefined) {
      // what the baseline shipped is unknown, but it was shipped: its history marks the start
      walk.baseline = d.spanId;
      ship(d, read!.commits, shippedCommits, undefined);
    } else {
      walk.shipped.set(d.spanId, ship(d, read!.commits, shippedCommits, unreadableEndUs));
      unreadableEndUs = undefined;
    }
    if (d.revision) deployedRevisions.add(d.revision);
    previous = d;
  }
  walk.incidents = incidentsOf(ended, walk.bad);
  return walk;
}

function unreadableWhy(d: Deployment, read: RepositoryRead | undefined): string | undefined {
  if (!d.revision) return 'no revision recorded (not run in a git work tree)';
  if (!read) return 'no repository recorded';
  if (read.problem) return read.problem;
  if (!read.exists.has(d.revision)) return 'revision not in the repository (history rewritten and pruned, or not fetched)';
  return undefined;
}

/** The latest deployment before `d` whose revision starts with its `fixes=` value. */
function fixedBy(ended: readonly Deployment[], d: Deployment): Deployment | undefined {
  const prefix = d.fixes!.trim().toLowerCase();
  if (prefix.length < 4) return undefined;
  let found: Deployment | undefined;
  for (const e of ended) {
    if (e === d) break;
    if (e.revision?.startsWith(prefix)) found = e;
  }
  return found?.outcome === 'succeeded' ? found : undefined;
}

/** The commits reachable from `d`'s revision that no earlier deployment shipped (all parents: a merged branch's commits too). */
function ship(d: Deployment, commits: ReadonlyMap<string, Commit>, shipped: Set<string>, unreadableEndUs: number | undefined): Shipped {
  const result: Shipped = { leadsUs: [], merges: 0, skewed: 0, uncertain: 0 };
  const stack = [d.revision!];
  while (stack.length > 0) {
    const sha = stack.pop()!;
    const commit = commits.get(sha);
    if (!commit || shipped.has(sha)) continue;
    shipped.add(sha);
    for (const parent of commit.parents) stack.push(parent);
    const leadUs = d.endUs! - commit.timeUs;
    if (commit.parents.length > 1) result.merges++;
    else if (leadUs < 0) result.skewed++;
    else if (unreadableEndUs !== undefined && commit.timeUs <= unreadableEndUs) result.uncertain++;
    else result.leadsUs.push(leadUs);
  }
  return result;
}

/**
 * Failed changes and when they were recovered: a run of failed deployments
 * is one incident, from the first failure's end to the next successful
 * deployment's end; a deployment fixed or rolled back, from its end to the
 * end of the one that fixed it.
 */
function incidentsOf(ended: readonly Deployment[], bad: ReadonlyMap<string, BadChange>): Incident[] {
  const incidents: Incident[] = [];
  let open: Incident | undefined;
  for (const d of ended) {
    if (d.outcome === 'failed') open ??= { spanId: d.spanId, startUs: d.endUs! };
    else if (open) {
      incidents.push({ ...open, endUs: d.endUs! });
      open = undefined;
    }
    const fix = bad.get(d.spanId);
    if (fix) incidents.push({ spanId: d.spanId, startUs: d.endUs!, endUs: fix.by.endUs! });
  }
  if (open) incidents.push(open);
  return incidents;
}
