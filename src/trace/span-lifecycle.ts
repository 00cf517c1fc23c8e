import { fail, ok, type Result } from '../errors.ts';
import { ENVIRONMENT_ATTR, REASON_ATTR, STATUS_ATTR } from './deployment.ts';
import { spanIdentity, spanResource, type RunFacts } from './run-span.ts';
import type { Attributes, SpanRecord } from './span.ts';

/**
 * Spans that start in one process and end in another (`vstrace start`/`end`,
 * `vstrace event`, `vstrace ci`). Both halves are recorded: the open record
 * (no end time) when the span starts, and the ended copy — same ids — when it
 * ends; readers keep the ended copy (see groupTraces).
 */
export interface StartFacts extends Pick<RunFacts, 'traceId' | 'spanId' | 'parentSpanId' | 'traceState' | 'name' | 'type' | 'service' | 'host' | 'resource' | 'environment' | 'version'> {
  /** User tags, already redacted; they win over vstrace's own attributes. */
  tags: Record<string, string>;
  /** vstrace's own attributes (CI attributes, the vscli event id, …). */
  attributes?: Attributes;
  startUs: number;
}

export function openSpan(f: StartFacts): SpanRecord {
  return {
    ...spanIdentity(f),
    startUs: f.startUs,
    status: { code: 'unset' },
    attributes: {
      ...(f.type ? { 'vstrace.type': f.type } : {}),
      ...(f.host.user ? { 'process.owner': f.host.user } : {}),
      ...f.attributes,
      ...f.tags,
    },
    resource: spanResource(f),
  };
}

export interface EndFacts {
  endUs: number;
  /** ok/error set the status; unset leaves it to the exit code. */
  status?: 'ok' | 'error' | 'unset';
  exitCode?: number;
  message?: string;
  tags: Record<string, string>;
  attributes?: Attributes;
  /** The span is a deployment: it gets deployment.status from how it ended. */
  deployment?: boolean;
  /** Given at the end (vscli writes the same flags on both): a reason, and the environment when the start named none. */
  reason?: string;
  environment?: string;
}

/**
 * The ended copy of an open span. An exit code other than 0 makes it an error,
 * as a failed `vstrace run` is: status ERROR with a message and `error=true`.
 */
export function closeSpan(open: SpanRecord, f: EndFacts): SpanRecord {
  const failed = f.status === 'error' || (f.exitCode !== undefined && f.exitCode !== 0);
  const attributes: Attributes = {
    ...open.attributes,
    ...(f.exitCode !== undefined ? { 'process.exit.code': f.exitCode } : {}),
    ...(f.deployment ? { [STATUS_ATTR]: failed ? 'failed' : 'succeeded' } : {}),
    ...(f.reason ? { [REASON_ATTR]: f.reason } : {}),
    ...f.attributes,
    ...f.tags,
  };
  if (failed) attributes.error = true;
  const message = f.message ?? (f.exitCode ? `exit code ${f.exitCode}` : failed ? 'failed' : undefined);
  return {
    ...open,
    endUs: Math.max(f.endUs, open.startUs),
    status: failed ? { code: 'error', ...(message ? { message } : {}) } : f.status === 'ok' ? { code: 'ok' } : { code: 'unset' },
    attributes,
    ...(f.environment && open.resource[ENVIRONMENT_ATTR] === undefined ? { resource: { ...open.resource, [ENVIRONMENT_ATTR]: f.environment } } : {}),
  };
}

/**
 * How a span ended, as `--status` takes it: vstrace's ok/error/unset, or the
 * words CI systems use (GitHub's job.status, GitLab's CI_JOB_STATUS, Azure's
 * Agent.JobStatus). `result` is the CICD semantic-convention result value.
 */
export function parseEndStatus(raw: string): Result<{ status: 'ok' | 'error' | 'unset'; result: string }> {
  const word = raw.trim().toLowerCase();
  if (['ok', 'success', 'succeeded', 'passed'].includes(word)) return ok({ status: 'ok', result: 'success' });
  if (['error', 'failure', 'failed', 'succeededwithissues'].includes(word)) return ok({ status: 'error', result: 'failure' });
  if (['canceled', 'cancelled', 'cancellation'].includes(word)) return ok({ status: 'unset', result: 'cancellation' });
  if (['skipped', 'skip'].includes(word)) return ok({ status: 'unset', result: 'skip' });
  if (['timeout', 'timed_out', 'timedout'].includes(word)) return ok({ status: 'error', result: 'timeout' });
  if (word === 'unset') return ok({ status: 'unset', result: 'unset' });
  return fail('USAGE', `invalid status "${raw}": use ok, error or unset (or success, failure, canceled, skipped, timeout)`);
}
