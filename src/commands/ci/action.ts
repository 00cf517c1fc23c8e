import { appendFileSync } from 'node:fs';
import { ciContext, ciIds, PROVIDERS, type CiContext, type CiIds } from '../../ci/context.ts';
import { envValue } from '../../ci/provider.ts';
import { resolveSettings } from '../../config/resolve.ts';
import { describe, orThrow, VstraceError } from '../../errors.ts';
import { findSpanRecords } from '../../store/lookup.ts';
import { extractFromEnv, type Env } from '../../trace/carrier.ts';
import { parseEndStatus } from '../../trace/span-lifecycle.ts';
import type { SpanRecord } from '../../trace/span.ts';
import { nowUs } from '../../system/clock.ts';
import { warn } from '../../warn.ts';
import { endCommand } from '../end/action.ts';
import { startCommand } from '../start/action.ts';

export interface CiStartOptions {
  /** Also open the run's (pipeline's) span: in the first job of the run. */
  pipeline: boolean;
  tag: string[];
}

export interface CiEndOptions {
  status: string;
  /** The job's real start, where the provider's API tells it (the GitHub Action's post step). */
  startUs?: number;
  /** Also end the run's span: in a last job that runs even when others failed. */
  pipeline: boolean;
  tag: string[];
}

/**
 * A valid TRACEPARENT in a CI job is the CI system's own trace of it (Buildkite,
 * Jenkins' OpenTelemetry plugin): the steps nest under it, so job and run spans
 * of ours would only start a second, disconnected trace. The span it names is the job's.
 */
function injectedJobSpan(env: Env, command: string): string | undefined {
  const injected = extractFromEnv(env);
  if (!injected?.ok) return undefined;
  warn(`TRACEPARENT is set: the CI system traces this job and its steps nest under span ${injected.value.spanId}; vstrace ${command} records nothing`);
  return injected.value.spanId;
}

function currentRun(env: Env): { ci: CiContext; ids: CiIds } {
  const ci = ciContext(env);
  if (!ci) throw new VstraceError('USAGE', `not inside a CI job: vstrace ci knows ${PROVIDERS.map((p) => p.name).join(', ')}`);
  const ids = ciIds(ci, env);
  if (!ids) throw new VstraceError('NOT_FOUND', `${ci.provider.name}: the run or job id is missing from the environment, so the job's span cannot be named`);
  return { ci, ids };
}

/**
 * `vstrace ci start`: open the job's span (and with --pipeline the run's),
 * under the ids every step derives by itself, so the steps' spans nest under
 * them with no plumbing. Prints the job span's id.
 */
export function ciStartCommand(options: CiStartOptions, env: Env): string {
  const { ci, ids } = currentRun(env);
  const injected = injectedJobSpan(env, 'ci start');
  if (injected) return injected;
  const home = resolveSettings({}, env).store.home;
  const already = (spanId: string) => {
    const found = findSpanRecords(home, spanId);
    return found.open !== undefined || found.ended !== undefined;
  };
  if (options.pipeline && !already(ids.runSpanId)) {
    startCommand({ tag: options.tag, type: 'pipeline', name: ci.attributes['cicd.pipeline.name'] ?? 'pipeline', spanId: ids.runSpanId, context: { traceId: ids.traceId } }, env);
  }
  if (already(ids.jobSpanId)) {
    warn(`the span of this job (${ids.jobSpanId}) was already started; nothing recorded`);
  } else {
    const name = ci.attributes['cicd.pipeline.task.name'] ?? 'job';
    startCommand({ tag: options.tag, type: 'job', name, spanId: ids.jobSpanId, context: { traceId: ids.traceId, parentSpanId: ids.runSpanId } }, env);
  }
  // GitHub Actions: later steps learn the check run id (the receiver's job span id) through $GITHUB_ENV.
  const checkRunId = envValue(env, 'VSTRACE_CHECK_RUN_ID');
  if (ci.provider.id === 'github_actions' && checkRunId && env.GITHUB_ENV) {
    try {
      appendFileSync(env.GITHUB_ENV, `VSTRACE_CHECK_RUN_ID=${checkRunId}\n`);
    } catch (error) {
      warn(`could not pass VSTRACE_CHECK_RUN_ID on through $GITHUB_ENV (${describe(error)}): later steps use the job-name ids`);
    }
  }
  return ids.jobSpanId;
}

/**
 * `vstrace ci end --status S`: end the job's span (and with --pipeline the
 * run's). A run span this machine never saw start (the first job ran
 * elsewhere) is recorded whole, from the provider's run start time where it
 * has one, else from this job's start. A job span that was never started
 * is reported and skipped: tracing must not turn a green job red.
 */
export function ciEndCommand(options: CiEndOptions, env: Env): string {
  const { ids, ci } = currentRun(env);
  const status = orThrow(parseEndStatus(options.status));
  if (injectedJobSpan(env, 'ci end')) return '';
  const home = resolveSettings({}, env).store.home;
  const job = findSpanRecords(home, ids.jobSpanId, true);
  // The last step of a job must not fail it over tracing: a job whose start was never recorded is said, not fatal.
  if (job.open || job.ended) {
    endCommand(
      ids.jobSpanId,
      { status: options.status, tag: options.tag, attributes: { 'cicd.pipeline.task.run.result': status.result }, ...(options.startUs !== undefined ? { startUs: options.startUs } : {}) },
      env,
    );
  } else {
    warn(`this job's span (${ids.jobSpanId}) was never started here: run vstrace ci start in the job's first step; nothing recorded`);
  }
  if (options.pipeline && (job.open || job.ended || findSpanRecords(home, ids.runSpanId).open)) {
    const fallback = (): SpanRecord | undefined => {
      const base = job.open ?? job.ended;
      if (!base) return undefined;
      const startedAt = Date.parse(envValue(env, ci.provider.runStartedAt) ?? '');
      const startUs = Number.isNaN(startedAt) ? base.startUs : Math.min(startedAt * 1000, nowUs());
      const { parentSpanId: _job, ...rest } = base;
      return { ...rest, spanId: ids.runSpanId, name: ci.attributes['cicd.pipeline.name'] ?? 'pipeline', startUs, attributes: { ...base.attributes, 'vstrace.type': 'pipeline' } };
    };
    endCommand(ids.runSpanId, { status: options.status, tag: options.tag, attributes: { 'cicd.pipeline.result': status.result }, fallback }, env);
  }
  return '';
}
