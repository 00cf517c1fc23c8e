import { describe, expect, it } from 'vitest';
import { failureRateBand, frequencyBand, leadTimeBand, recoveryBand } from '../../src/stats/dora-bands.ts';
import { doraFigures, walkStreams } from '../../src/stats/dora.ts';
import { walkStream, type Commit, type Deployment, type RepositoryRead } from '../../src/stats/dora-stream.ts';

const S = 1e6;
const H = 3600 * S;
const D = 24 * H;

/** A commit graph from `sha: [parents], time in seconds` rows. */
function graph(rows: Record<string, [string[], number]>, exists: string[] = Object.keys(rows)): RepositoryRead {
  const commits = new Map<string, Commit>(Object.entries(rows).map(([sha, [parents, t]]) => [sha, { parents, timeUs: t * S }]));
  return { exists: new Set(exists), commits };
}

let n = 0;
function deploy(revision: string | undefined, endS: number | undefined, outcome: Deployment['outcome'] = 'succeeded', extra: Partial<Deployment> = {}): Deployment {
  n++;
  return {
    spanId: `s${n}`,
    traceId: `t${n}`,
    service: 'api',
    environment: 'prod',
    startUs: (endS ?? 0) * S - 10 * S,
    ...(endS !== undefined ? { endUs: endS * S } : {}),
    outcome: endS === undefined ? 'open' : outcome,
    ...(revision ? { revision } : {}),
    workTree: '/repo',
    ...extra,
  };
}

describe('DORA bands (2023 State of DevOps clusters, made contiguous)', () => {
  it('bands each key at its thresholds', () => {
    expect([1, 0.99, 1 / 7, 0.14, 1 / 30, 0.03].map(frequencyBand)).toEqual(['elite', 'high', 'high', 'medium', 'medium', 'low']);
    expect([86_399, 86_400, 7 * 86_400, 7 * 86_400 + 1, 30 * 86_400, 30 * 86_400 + 1].map(leadTimeBand)).toEqual(['elite', 'high', 'high', 'medium', 'medium', 'low']);
    expect([0, 0.05, 0.051, 0.1, 0.15, 0.151].map(failureRateBand)).toEqual(['elite', 'elite', 'high', 'high', 'medium', 'low']);
    expect([3599, 3600, 86_399, 86_400, 7 * 86_400, 7 * 86_400 + 1].map(recoveryBand)).toEqual(['elite', 'high', 'high', 'medium', 'medium', 'low']);
  });
});

describe('walking a stream', () => {
  it('counts the commits each deployment shipped first, from the one before it; the first readable one is the baseline', () => {
    // git log leaves out the baseline's history: c1 is not among the commits read
    const read = graph({ c2: [['c1'], 200], c3: [['c2'], 300], c4: [['c3'], 400] }, ['c1', 'c3', 'c4']);
    const ds = [deploy('c1', 150), deploy('c3', 1000), deploy('c4', 2000)];
    const walk = walkStream(ds, read);
    expect(walk.baseline).toBe(ds[0]!.spanId);
    expect(walk.shipped.get(ds[1]!.spanId)?.leadsUs).toEqual([700 * S, 800 * S]);
    expect(walk.shipped.get(ds[2]!.spanId)?.leadsUs).toEqual([1600 * S]);
  });

  it("counts none of the baseline's own history when one read serves several streams", () => {
    // the read reaches back past this stream's baseline c2 (another stream's baseline is c1)
    const read = graph({ c2: [['c1'], 200], c3: [['c2'], 300] });
    const ds = [deploy('c2', 250), deploy('c3', 1000)];
    expect(walkStream(ds, read).shipped.get(ds[1]!.spanId)?.leadsUs).toEqual([700 * S]);
  });

  it('walks every parent of a merge and counts the merge commit apart', () => {
    const read = graph({ m: [['a2', 'b1'], 500], a2: [['a1'], 300], b1: [['a1'], 250] }, ['a1', 'm']);
    const ds = [deploy('a1', 100), deploy('m', 1000)];
    const shipped = walkStream(ds, read).shipped.get(ds[1]!.spanId)!;
    expect(shipped.merges).toBe(1);
    expect(shipped.leadsUs.sort()).toEqual([700 * S, 750 * S]);
  });

  it('does not count a commit dated after the deployment (clock skew)', () => {
    const read = graph({ c2: [['c1'], 5000], c3: [['c2'], 900] }, ['c1', 'c3']);
    const ds = [deploy('c1', 100), deploy('c3', 1000)];
    const shipped = walkStream(ds, read).shipped.get(ds[1]!.spanId)!;
    expect(shipped).toMatchObject({ skewed: 1, leadsUs: [100 * S] });
  });

  it('names a deployment whose revision is gone and leaves uncertain the next one’s commits it may have shipped', () => {
    // c2 was deployed, then history was rewritten and c2 pruned: c2' replaces it
    const read = graph({ "c2'": [['c1'], 300], c3: [["c2'"], 600] }, ['c1', 'c3']);
    const ds = [deploy('c1', 100), deploy('c2', 400), deploy('c3', 1000)];
    const walk = walkStream(ds, read);
    expect(walk.unreadable).toEqual([{ spanId: ds[1]!.spanId, revision: 'c2', why: expect.stringContaining('not in the repository') }]);
    expect(walk.shipped.get(ds[2]!.spanId)).toMatchObject({ uncertain: 1, leadsUs: [400 * S] });
  });

  it('makes every deployment unreadable when the repository is not here', () => {
    const read: RepositoryRead = { problem: 'repository /x is not on this machine', exists: new Set(), commits: new Map() };
    const ds = [deploy('c1', 100), deploy('c2', 200)];
    const walk = walkStream(ds, read);
    expect(walk.unreadable.map((u) => u.why)).toEqual(['repository /x is not on this machine', 'repository /x is not on this machine']);
    expect(walk.shipped.size).toBe(0);
  });

  it('counts a deployment fixed by a later fixes= tag, and one rolled back from, as failed changes', () => {
    const read = graph({ f2f2: [['f1f1'], 200], f3f3: [['f2f2'], 300], f4f4: [['f3f3'], 400] }, ['f1f1', 'f2f2', 'f3f3', 'f4f4']);
    const ds = [deploy('f1f1', 100), deploy('f2f2', 1000), deploy('f4f4', 2000, 'succeeded', { fixes: 'f2f2' }), deploy('f3f3', 3000)];
    const walk = walkStream(ds, read);
    expect(walk.bad.get(ds[1]!.spanId)).toMatchObject({ kind: 'fix', by: ds[2] });
    // f3f3 is an ancestor of f4f4, shipped already: deploying it is a rollback from c4
    expect(walk.bad.get(ds[2]!.spanId)).toMatchObject({ kind: 'rollback', by: ds[3] });
    expect(walk.shipped.get(ds[3]!.spanId)?.leadsUs).toEqual([]);
  });

  it('makes a run of failures one incident, recovered by the next success', () => {
    const ds = [deploy('c1', 100), deploy('c2', 200, 'failed'), deploy('c2', 300, 'failed'), deploy('c2', 1000), deploy('c3', 2000, 'failed')];
    expect(walkStream(ds, undefined).incidents).toEqual([
      { spanId: ds[1]!.spanId, startUs: 200 * S, endUs: 1000 * S },
      { spanId: ds[4]!.spanId, startUs: 2000 * S },
    ]);
  });
});

describe('the four keys', () => {
  it('computes each figure with its inputs, open deployments apart', () => {
    const read = graph({ c2: [['c1'], 0], c3: [['c2'], 2 * 3600], c4: [['c3'], 3 * 3600] }, ['c1', 'c2', 'c3', 'c4']);
    const ds = [deploy('c1', 1000), deploy('c3', 5 * 3600), deploy('c4', 6 * 3600, 'failed'), deploy('c4', 8 * 3600), deploy('c4', undefined, 'open', { startUs: 9 * 3600 * S })];
    const walked = walkStreams(ds, () => read);
    const [g] = doraFigures(walked, { fromUs: 0, toUs: 2 * D }, 'stream');
    expect(g).toMatchObject({
      service: 'api',
      environment: 'prod',
      deployments: { succeeded: 3, failed: 1, open: 1 },
      frequency: { perDay: 1.5, perWeek: 10.5, deploymentDays: 1, band: 'elite', inputs: { deployments: 3, days: 2 } },
      // c2 → 5h, c3 → 3h (deploy at 5h), c4 → 5h (deploy at 8h): sorted 3h 5h 5h
      leadTime: { medianSeconds: 5 * 3600, p90Seconds: 5 * 3600, band: 'elite', inputs: { deployments: 2, commits: 3, baseline: 1 } },
      changeFailureRate: { rate: 0.25, band: 'low', inputs: { deployments: 4, failed: 1 } },
      recoveryTime: { medianSeconds: 2 * 3600, band: 'high', inputs: { incidents: 1, recovered: 1, unrecovered: 0 } },
    });
  });

  it('pools streams by service or environment, and has no band without data', () => {
    const ds = [deploy('c1', 100), deploy('c1', 200, 'succeeded', { environment: 'staging' })];
    expect(
      doraFigures(
        walkStreams(ds, () => undefined),
        { fromUs: 0, toUs: D },
        'service',
      ).map((g) => [g.service, g.environment, g.deployments.succeeded]),
    ).toEqual([['api', undefined, 2]]);
    const byEnv = doraFigures(
      walkStreams(ds, () => undefined),
      { fromUs: 0, toUs: D },
      'env',
    );
    expect(byEnv.map((g) => g.environment)).toEqual(['prod', 'staging']);
    expect(byEnv[0]!.leadTime).toMatchObject({ medianSeconds: null, band: null });
    expect(byEnv[0]!.recoveryTime).toMatchObject({ medianSeconds: null, band: null });
  });
});
