import { commitAuthors, readRepository } from '../../context/git-history.ts';
import { VstraceError } from '../../errors.ts';
import { auditRow, deploymentOf, type AuditRow } from '../../stats/deployment-record.ts';
import { doraFigures, streamKey, streamsOf, walkStreams, type DoraBy, type DoraReport } from '../../stats/dora.ts';
import type { Deployment } from '../../stats/dora-stream.ts';
import { windowsOf, type Window } from '../../stats/period.ts';
import { basename } from 'node:path';
import { deploymentSpans, keepEnded } from '../../store/deployments.ts';
import { listSegments } from '../../store/reader.ts';
import { utcDay } from '../../store/location.ts';
import { readerSettings, reportSkipped } from '../../store/queries.ts';
import type { Env } from '../../trace/carrier.ts';
import type { SpanRecord } from '../../trace/span.ts';
import { auditCsv, renderAudit, renderDora } from '../../view/dora.ts';

export interface DoraOptions {
  /** --since in µs; Infinity for `all`. */
  since: number;
  service?: string;
  env?: string;
  by: DoraBy;
  compare: boolean;
  json: boolean;
  /** Read every stream's commits from this clone instead of the work tree each deployment recorded. */
  repo?: string;
  /** The audit trail instead of the four keys. */
  deployments: boolean;
  csv: boolean;
}

/** `--env none` asks for the deployments that named no environment. */
const wantedEnv = (env: string | undefined): string | undefined => (env === 'none' ? '' : env);

export function selected(spans: readonly SpanRecord[], options: DoraOptions): Array<{ span: SpanRecord; deployment: Deployment }> {
  const env = wantedEnv(options.env);
  return spans
    .map((span) => ({ span, deployment: deploymentOf(span) }))
    .filter(({ deployment: d }) => (options.service === undefined || d.service === options.service) && (env === undefined || d.environment === env));
}

/** The window a figure covers: the period asked for, or for `all` from the first deployment. */
function windows(options: DoraOptions, deployments: readonly Deployment[], nowUs: number): { current: Window; previous: Window } {
  const w = windowsOf(options.since, nowUs);
  if (Number.isFinite(options.since)) return w;
  const first = Math.min(nowUs, ...deployments.map((d) => d.startUs));
  return { current: { fromUs: first, toUs: nowUs }, previous: w.previous };
}

export function doraReport(deployments: readonly Deployment[], options: DoraOptions, env: Env, nowUs: number): DoraReport {
  const { current, previous } = windows(options, deployments, nowUs);
  const fromUs = options.compare ? previous.fromUs : current.fromUs;
  // One read per repository, for every stream deployed from it; a stream with no success in the windows asked for is not read.
  const treeOf = new Map<string, string>();
  const byTree = new Map<string, string[][]>();
  for (const [key, { ended }] of streamsOf(deployments)) {
    if (!ended.some((d) => d.endUs! >= fromUs && d.outcome === 'succeeded')) continue;
    const workTree = options.repo ?? [...ended].reverse().find((d) => d.workTree)?.workTree;
    if (!workTree) continue;
    treeOf.set(key, workTree);
    byTree.set(workTree, [...(byTree.get(workTree) ?? []), ended.filter((d) => d.outcome === 'succeeded' && d.revision).map((d) => d.revision!)]);
  }
  const reads = new Map([...byTree].map(([tree, streams]) => [tree, readRepository(tree, streams, env)]));
  const walked = walkStreams(deployments, (key) => reads.get(treeOf.get(key) ?? ''));
  return {
    window: current,
    groups: doraFigures(walked, current, options.by),
    ...(options.compare ? { previousWindow: previous, previous: doraFigures(walked, previous, options.by) } : {}),
  };
}

/** The audit trail: every deployment in the window (an open one by its start), newest first, with its revision's author from git. */
export function auditRows(chosen: ReadonlyArray<{ span: SpanRecord; deployment: Deployment }>, window: Window, options: DoraOptions, env: Env): AuditRow[] {
  const inWindow = chosen.filter(({ deployment: d }) => (d.endUs ?? d.startUs) >= window.fromUs && (d.endUs ?? d.startUs) < window.toUs);
  const byTree = new Map<string, string[]>();
  for (const { deployment: d } of inWindow) {
    const tree = options.repo ?? d.workTree;
    if (tree && d.revision) byTree.set(tree, [...(byTree.get(tree) ?? []), d.revision]);
  }
  const authors = new Map<string, Map<string, string>>([...byTree].map(([tree, revs]) => [tree, commitAuthors(tree, revs, env)]));
  return inWindow
    .sort((a, b) => (b.deployment.endUs ?? b.deployment.startUs) - (a.deployment.endUs ?? a.deployment.startUs))
    .map(({ span, deployment: d }) => auditRow(span, (rev) => authors.get(options.repo ?? d.workTree ?? '')?.get(rev)));
}

/**
 * The deployment spans a report needs: those of the segments from the
 * earliest window's day on, and, going back a day at a time, until each
 * stream found there has a successful deployment with a revision before it
 * (its predecessor, from which lead time counts) or the store ends. The
 * audit trail needs the window alone.
 */
export function loadDeployments(home: string, types: readonly string[], fromUs: number, options: DoraOptions): SpanRecord[] {
  const segments = listSegments(home);
  const firstDay = Number.isFinite(fromUs) && fromUs > 0 ? utcDay(fromUs) : '';
  let first = segments.findIndex((s) => basename(s) >= firstDay);
  if (first < 0) first = segments.length;
  const spans = deploymentSpans(home, segments.slice(first), types, options.deployments, reportSkipped);
  if (options.deployments) return keepEnded(spans);
  const needing = new Set(spans.map((s) => streamKey(deploymentOf(s))));
  for (let i = first - 1; i >= 0 && needing.size > 0; i--) {
    const older = deploymentSpans(home, [segments[i]!], types, false, reportSkipped);
    for (const span of older) {
      const d = deploymentOf(span);
      if (d.outcome === 'succeeded' && d.revision) needing.delete(streamKey(d));
      spans.push(span);
    }
  }
  return keepEnded(spans);
}

export function doraCommand(options: DoraOptions, env: Env, nowUs: number): string {
  if (options.compare && !Number.isFinite(options.since)) throw new VstraceError('USAGE', '--compare needs a period to compare: give --since, e.g. --since 30d --compare');
  if (options.csv && !options.deployments) throw new VstraceError('USAGE', '--csv is for the audit trail: add --deployments (vstrace dora --deployments --csv)');
  if (options.csv && options.json) throw new VstraceError('USAGE', '--csv and --json are two formats: give one');
  const settings = readerSettings(env);
  const { current, previous } = windowsOf(options.since, nowUs);
  const chosen = selected(loadDeployments(settings.store.home, settings.deployment.types, options.compare ? previous.fromUs : current.fromUs, options), options);
  const deployments = chosen.map((c) => c.deployment);
  if (options.deployments) {
    const rows = auditRows(chosen, windows(options, deployments, nowUs).current, options, env);
    if (options.json) return JSON.stringify(rows, null, 2);
    return options.csv ? auditCsv(rows) : renderAudit(rows);
  }
  const report = doraReport(deployments, options, env, nowUs);
  if (options.json) return JSON.stringify(report, null, 2);
  return renderDora(report, options.by);
}
