import { failureRateBand, frequencyBand, leadTimeBand, recoveryBand, type Band } from './dora-bands.ts';
import { walkStream, type Deployment, type RepositoryRead, type StreamWalk, type Unreadable } from './dora-stream.ts';
import type { Window } from './period.ts';
import { percentiles } from './percentile.ts';

/**
 * DORA's four keys over a window, per stream (a service in an environment)
 * or pooled by service or by environment. Every figure carries its band and
 * the counts it was computed from. A deployment belongs to the window its end
 * falls in (an open one: its start); percentiles are nearest-rank. Pure.
 */
export type DoraBy = 'stream' | 'service' | 'env';

export interface DoraGroup {
  service?: string;
  environment?: string;
  deployments: { succeeded: number; failed: number; open: number };
  frequency: { perDay: number; perWeek: number; deploymentDays: number; band: Band; inputs: { deployments: number; days: number } };
  leadTime: {
    medianSeconds: number | null;
    p90Seconds: number | null;
    band: Band | null;
    inputs: { deployments: number; commits: number; merges: number; skewed: number; uncertain: number; baseline: number; unreadable: number };
    unreadable: Unreadable[];
  };
  changeFailureRate: { rate: number | null; band: Band | null; inputs: { deployments: number; failed: number; fixed: number; rolledBack: number } };
  recoveryTime: { medianSeconds: number | null; band: Band | null; inputs: { incidents: number; recovered: number; unrecovered: number } };
}

export interface DoraReport {
  window: Window;
  groups: DoraGroup[];
  previousWindow?: Window;
  previous?: DoraGroup[];
}

const DAY_US = 86_400e6;
export const streamKey = (d: Pick<Deployment, 'service' | 'environment'>): string => `${d.service}\u0000${d.environment}`;

/** Deployments (any order, one record each) → streams ordered by end, the open ones apart. */
export function streamsOf(deployments: readonly Deployment[]): Map<string, { ended: Deployment[]; open: Deployment[] }> {
  const streams = new Map<string, { ended: Deployment[]; open: Deployment[] }>();
  for (const d of deployments) {
    const key = streamKey(d);
    let stream = streams.get(key);
    if (!stream) streams.set(key, (stream = { ended: [], open: [] }));
    (d.outcome === 'open' ? stream.open : stream.ended).push(d);
  }
  for (const s of streams.values()) s.ended.sort((a, b) => a.endUs! - b.endUs! || a.startUs - b.startUs);
  return streams;
}

export interface Walked {
  ended: Deployment[];
  open: Deployment[];
  walk: StreamWalk;
}

/** Each stream walked against what git gave for it. */
export function walkStreams(deployments: readonly Deployment[], readOf: (key: string) => RepositoryRead | undefined): Walked[] {
  return [...streamsOf(deployments)].map(([key, { ended, open }]) => ({ ended, open, walk: walkStream(ended, readOf(key)) }));
}

class Pool {
  succeeded = 0;
  failed = 0;
  open = 0;
  days = new Set<number>();
  leads: number[] = [];
  shippedBy = 0;
  merges = 0;
  skewed = 0;
  uncertain = 0;
  baseline = 0;
  unreadable: Unreadable[] = [];
  fixed = 0;
  rolledBack = 0;
  recoveries: number[] = [];
  unrecovered = 0;
  constructor(readonly key: { service?: string; environment?: string }) {}
}

export function doraFigures(walked: readonly Walked[], window: Window, by: DoraBy): DoraGroup[] {
  const inWindow = (us: number) => us >= window.fromUs && us < window.toUs;
  const pools = new Map<string, Pool>();
  for (const { ended, open, walk } of walked) {
    const first = ended[0] ?? open[0]!;
    const key = by === 'service' ? { service: first.service } : by === 'env' ? { environment: first.environment } : { service: first.service, environment: first.environment };
    const id = JSON.stringify(key);
    let pool = pools.get(id);
    if (!pool) pools.set(id, (pool = new Pool(key)));
    pool.open += open.filter((d) => inWindow(d.startUs)).length;
    const unreadable = new Map(walk.unreadable.map((u) => [u.spanId, u]));
    for (const d of ended) {
      if (!inWindow(d.endUs!)) continue;
      if (d.outcome === 'failed') {
        pool.failed++;
        continue;
      }
      pool.succeeded++;
      pool.days.add(Math.floor(d.endUs! / DAY_US));
      const bad = walk.bad.get(d.spanId);
      if (bad?.kind === 'fix') pool.fixed++;
      if (bad?.kind === 'rollback') pool.rolledBack++;
      const u = unreadable.get(d.spanId);
      if (u) pool.unreadable.push(u);
      if (walk.baseline === d.spanId) pool.baseline++;
      const shipped = walk.shipped.get(d.spanId);
      if (!shipped) continue;
      pool.shippedBy++;
      for (const lead of shipped.leadsUs) pool.leads.push(lead);
      pool.merges += shipped.merges;
      pool.skewed += shipped.skewed;
      pool.uncertain += shipped.uncertain;
    }
    for (const incident of walk.incidents) {
      if (!inWindow(incident.startUs)) continue;
      if (incident.endUs === undefined) pool.unrecovered++;
      else pool.recoveries.push(incident.endUs - incident.startUs);
    }
  }
  const days = (window.toUs - window.fromUs) / DAY_US;
  return [...pools.values()].sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key))).map((p) => figuresOf(p, days));
}

const seconds = (us: number): number => Math.round(us) / 1e6;

function figuresOf(p: Pool, days: number): DoraGroup {
  const perDay = days > 0 ? p.succeeded / days : 0;
  const [leadMedian, leadP90] = p.leads.length ? percentiles(Float64Array.from(p.leads), [50, 90]).map(seconds) : [null, null];
  const ended = p.succeeded + p.failed;
  const failedChanges = p.failed + p.fixed + p.rolledBack;
  const rate = ended ? failedChanges / ended : null;
  const [recovery] = p.recoveries.length ? percentiles(Float64Array.from(p.recoveries), [50]).map(seconds) : [null];
  return {
    ...p.key,
    deployments: { succeeded: p.succeeded, failed: p.failed, open: p.open },
    frequency: { perDay, perWeek: perDay * 7, deploymentDays: p.days.size, band: frequencyBand(perDay), inputs: { deployments: p.succeeded, days } },
    leadTime: {
      medianSeconds: leadMedian ?? null,
      p90Seconds: leadP90 ?? null,
      band: leadMedian == null ? null : leadTimeBand(leadMedian),
      inputs: { deployments: p.shippedBy, commits: p.leads.length, merges: p.merges, skewed: p.skewed, uncertain: p.uncertain, baseline: p.baseline, unreadable: p.unreadable.length },
      unreadable: p.unreadable,
    },
    changeFailureRate: { rate, band: rate === null ? null : failureRateBand(rate), inputs: { deployments: ended, failed: p.failed, fixed: p.fixed, rolledBack: p.rolledBack } },
    recoveryTime: {
      medianSeconds: recovery ?? null,
      band: recovery == null ? null : recoveryBand(recovery),
      inputs: { incidents: p.recoveries.length + p.unrecovered, recovered: p.recoveries.length, unrecovered: p.unrecovered },
    },
  };
}
