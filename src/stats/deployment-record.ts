import { ENVIRONMENT_ATTR, REASON_ATTR, REPOSITORY_URL_ATTR, REVISION_ATTR, STATUS_ATTR, WORK_TREE_ATTR } from '../trace/deployment.ts';
import type { AttrValue, SpanRecord } from '../trace/span.ts';
import type { Deployment, DeploymentOutcome } from './dora-stream.ts';

/**
 * A deployment span as `vstrace dora` and the audit trail read it. Spans
 * recorded before deployments had their own attributes still count: the
 * outcome then comes from the span's status, and the environment from an
 * env/environment tag.
 */
const text = (value: AttrValue | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function outcomeOf(span: SpanRecord): DeploymentOutcome {
  if (span.endUs === undefined) return 'open';
  const status = text(span.attributes[STATUS_ATTR]);
  if (status === 'failed' || status === 'succeeded') return status;
  return span.status.code === 'error' ? 'failed' : 'succeeded';
}

export const environmentOfSpan = (span: SpanRecord): string =>
  text(span.resource[ENVIRONMENT_ATTR]) ?? text(span.attributes[ENVIRONMENT_ATTR]) ?? text(span.attributes.environment) ?? text(span.attributes.env) ?? '';

const revisionOf = (span: SpanRecord): string | undefined => {
  const revision = text(span.attributes[REVISION_ATTR]) ?? text(span.resource[REVISION_ATTR]);
  return revision?.toLowerCase();
};

export function deploymentOf(span: SpanRecord): Deployment {
  const revision = revisionOf(span);
  const workTree = text(span.attributes[WORK_TREE_ATTR]);
  const fixes = text(span.attributes.fixes);
  return {
    spanId: span.spanId,
    traceId: span.traceId,
    service: text(span.resource['service.name']) ?? '',
    environment: environmentOfSpan(span),
    startUs: span.startUs,
    ...(span.endUs !== undefined ? { endUs: span.endUs } : {}),
    outcome: outcomeOf(span),
    ...(revision ? { revision } : {}),
    ...(workTree ? { workTree } : {}),
    ...(fixes ? { fixes } : {}),
  };
}

/** One line of the audit trail: who, what, when, where, why, and how it ended. */
export interface AuditRow {
  spanId: string;
  traceId: string;
  /** ISO 8601, UTC. */
  started: string;
  ended: string | null;
  outcome: DeploymentOutcome;
  user: string | null;
  /** Of the deployed revision, read from git at query time. */
  commitAuthor: string | null;
  service: string;
  environment: string | null;
  revision: string | null;
  repository: string | null;
  command: string;
  host: string | null;
  ciRun: string | null;
  reason: string | null;
}

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

export function auditRow(span: SpanRecord, authorOf: (revision: string) => string | undefined): AuditRow {
  const revision = revisionOf(span);
  const argv = span.attributes['process.command_args'];
  const a = (key: string) => text(span.attributes[key]) ?? text(span.resource[key]) ?? null;
  return {
    spanId: span.spanId,
    traceId: span.traceId,
    started: iso(span.startUs),
    ended: span.endUs === undefined ? null : iso(span.endUs),
    outcome: outcomeOf(span),
    user: a('process.owner'),
    commitAuthor: (revision && authorOf(revision)) || null,
    service: text(span.resource['service.name']) ?? '',
    environment: environmentOfSpan(span) || null,
    revision: revision ?? null,
    repository: a(REPOSITORY_URL_ATTR) ?? a(WORK_TREE_ATTR),
    command: Array.isArray(argv) ? argv.join(' ') : span.name,
    host: a('host.name'),
    ciRun: a('cicd.pipeline.task.run.url.full') ?? a('cicd.pipeline.run.url.full'),
    reason: a(REASON_ATTR),
  };
}

/** Who, in a line: the OS user and, in brackets, the revision's author by name (the email is in --json and --csv). */
export const whoOf = (r: Pick<AuditRow, 'user' | 'commitAuthor'>): string => [r.user, r.commitAuthor && `(${r.commitAuthor.replace(/\s*<[^>]*>$/, '')})`].filter(Boolean).join(' ');
