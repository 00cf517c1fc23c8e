import { spanIdFrom } from '../trace/hash.ts';
import type { SpanRecord } from '../trace/span.ts';

/**
 * A GitHub Actions run as its REST API describes it (GET …/actions/runs/{id}
 * and …/attempts/{n}/jobs), and what vstrace derives from it: the run's span,
 * spans for the jobs and steps vstrace did not wrap, a job's result. Pure: the
 * action's adapters fetch the documents and pass "now" in.
 *
 * Span ids are the OpenTelemetry Collector githubreceiver's (with its
 * UseCheckRunID gate, the default since v0.151): job = sha256("<job id>-j"),
 * step = sha256("<job id>-<step name>-s"), hex digits 16–32, so a trace that
 * receiver builds from the webhooks merges with ours.
 */
export interface ApiStep {
  name: string;
  number: number;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
}

export interface ApiJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  created_at?: string | null;
  started_at: string | null;
  completed_at: string | null;
  html_url?: string | null;
  runner_name?: string | null;
  steps?: ApiStep[];
}

export interface ApiRun {
  id: number;
  name?: string | null;
  run_attempt?: number;
  run_started_at?: string | null;
  created_at?: string | null;
  html_url?: string | null;
}

export interface RunIds {
  traceId: string;
  runSpanId: string;
}

const us = (iso: string | null | undefined): number | undefined => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms * 1000;
};

export const jobSpanIdOf = (jobId: number): string => spanIdFrom(`${jobId}-j`);
export const stepSpanIdOf = (jobId: number, stepName: string): string => spanIdFrom(`${jobId}-${stepName}-s`);

/** The runner's own bookkeeping steps after the user's: a job in them has done its work. */
const isPostStep = (step: ApiStep): boolean => /^(?:Post |Complete job$)/.test(step.name);

/** Queued or waiting, never started: after a failure, jobs that `need` the failed one are skipped without ever starting. */
const neverStarted = (job: ApiJob): boolean => job.status !== 'completed' && job.status !== 'in_progress' && !job.started_at;

/**
 * A job's result, in the words `vstrace ci end --status` takes: from the job's
 * conclusion when it has one, else from its steps so far (the job of the post
 * step asking is still in progress): a failed step fails it, a cancelled one cancels it.
 */
export function jobResult(job: ApiJob): 'success' | 'failure' | 'cancelled' | 'skipped' {
  if (neverStarted(job)) return 'skipped';
  const conclusions = [job.conclusion, ...(job.steps ?? []).map((s) => s.conclusion)];
  if (conclusions.includes('failure') || conclusions.includes('timed_out')) return 'failure';
  if (conclusions.includes('cancelled')) return 'cancelled';
  if (job.conclusion === 'skipped') return 'skipped';
  return 'success';
}

/** Done with its work: completed, or only the runner's post steps left. */
const isFinishing = (job: ApiJob): boolean => job.status === 'completed' || (job.status === 'in_progress' && (job.steps ?? []).filter((s) => !isPostStep(s)).every((s) => s.status === 'completed'));

/**
 * Whether the job asking is the run's last, and so the one to record the run's
 * span: every other job is completed, or finishing too with a lower id (of two
 * jobs finishing together, the higher id records, so only one does). After
 * this job failed or was cancelled, jobs that never started count as done:
 * GitHub skips the jobs that need a failed one only once it has completed,
 * which is after this post step (a later job with `if: always()` is the
 * exception, documented in docs/ci.md).
 */
export function isLastJob(jobs: readonly ApiJob[], selfId: number, selfResult: ReturnType<typeof jobResult> = 'success'): boolean {
  const failed = selfResult === 'failure' || selfResult === 'cancelled';
  return jobs.every((job) => job.id === selfId || job.status === 'completed' || (isFinishing(job) && job.id < selfId) || (failed && neverStarted(job)));
}

/** A job to record as skipped now: one that will never start because this one failed (see isLastJob). */
export const willBeSkipped = (job: ApiJob): boolean => job.conclusion === 'skipped' || neverStarted(job);

/**
 * A job that vstrace wrapped has a step of the action (its default name,
 * "Run <owner>/vstrace@<ref>", names vstrace); the others get their spans
 * afterwards from the API.
 */
export const isTracedJob = (job: ApiJob): boolean => (job.steps ?? []).some((s) => /vstrace/i.test(s.name));

const RESULT_STATUS = {
  success: { code: 'ok' },
  failure: { code: 'error', message: 'failure' },
  cancelled: { code: 'unset', message: 'cancelled' },
  skipped: { code: 'unset', message: 'skipped' },
} as const;
const CICD_RESULT = { success: 'success', failure: 'failure', cancelled: 'cancellation', skipped: 'skip' } as const;

interface SpanBase {
  ids: RunIds;
  resource: SpanRecord['resource'];
  nowUs: number;
}

/** Every step of a job that has started, under the job's span; a step still running ends now. */
export function stepSpans(job: ApiJob, base: SpanBase): SpanRecord[] {
  return (job.steps ?? []).flatMap((step) => {
    const startUs = us(step.started_at);
    if (startUs === undefined || step.conclusion === 'skipped') return [];
    const endUs = Math.max(startUs, us(step.completed_at) ?? base.nowUs);
    const result = step.conclusion === 'failure' ? 'failure' : step.conclusion === 'cancelled' ? 'cancelled' : 'success';
    return [
      {
        traceId: base.ids.traceId,
        spanId: stepSpanIdOf(job.id, step.name),
        parentSpanId: jobSpanIdOf(job.id),
        name: step.name,
        startUs,
        endUs,
        status: { ...RESULT_STATUS[result] },
        attributes: { 'vstrace.type': 'step', 'cicd.pipeline.task.name': step.name, 'cicd.pipeline.task.run.result': CICD_RESULT[result], ...(result === 'failure' ? { error: true } : {}) },
        resource: base.resource,
      },
    ];
  });
}

/** A job vstrace did not wrap (skipped, or without the action), recorded whole after the fact. */
export function jobSpan(job: ApiJob, base: SpanBase): SpanRecord {
  const result = jobResult(job);
  const startUs = us(job.started_at) ?? us(job.created_at) ?? base.nowUs;
  const endUs = Math.max(startUs, us(job.completed_at) ?? startUs);
  return {
    traceId: base.ids.traceId,
    spanId: jobSpanIdOf(job.id),
    parentSpanId: base.ids.runSpanId,
    name: job.name,
    startUs,
    endUs,
    status: { ...RESULT_STATUS[result] },
    attributes: {
      'vstrace.type': 'job',
      'cicd.pipeline.task.name': job.name,
      'cicd.pipeline.task.run.id': String(job.id),
      'cicd.pipeline.task.run.result': CICD_RESULT[result],
      ...(job.html_url ? { 'cicd.pipeline.task.run.url.full': job.html_url } : {}),
      ...(result === 'failure' ? { error: true } : {}),
    },
    resource: base.resource,
  };
}

/** The run's result from its jobs' (the asking job's own result passed in, its conclusion not being set yet). */
export function runResult(jobs: readonly ApiJob[], selfId: number, selfResult: ReturnType<typeof jobResult>): ReturnType<typeof jobResult> {
  const results = jobs.map((job) => (job.id === selfId ? selfResult : jobResult(job)));
  if (results.includes('failure')) return 'failure';
  if (results.includes('cancelled')) return 'cancelled';
  return 'success';
}

export interface RunSpanInput extends SpanBase {
  run: ApiRun;
  jobs: readonly ApiJob[];
  selfId: number;
  selfResult: ReturnType<typeof jobResult>;
  /** Spans already recorded for this run (the job's own): the run span encloses them too. */
  children: readonly SpanRecord[];
  /** The previous attempt's ids, for a retried run. */
  previous?: RunIds;
}

/**
 * The run's span: from the run's start (run_started_at) to the end of its last
 * job — and never shorter than any child, whatever the clocks of the API and
 * the runner say.
 */
export function runSpan(input: RunSpanInput): SpanRecord {
  const { run, jobs, ids, nowUs } = input;
  const childStarts = [...jobs.map((j) => us(j.started_at)), ...input.children.map((c) => c.startUs)].filter((t): t is number => t !== undefined);
  const childEnds = [...jobs.map((j) => us(j.completed_at)), ...input.children.map((c) => c.endUs ?? nowUs)].filter((t): t is number => t !== undefined);
  const startUs = Math.min(us(run.run_started_at) ?? us(run.created_at) ?? nowUs, ...childStarts);
  const endUs = Math.max(startUs, nowUs, ...childEnds);
  const result = runResult(jobs, input.selfId, input.selfResult);
  return {
    traceId: ids.traceId,
    spanId: ids.runSpanId,
    name: run.name ?? 'pipeline',
    startUs,
    endUs,
    status: { ...RESULT_STATUS[result] },
    attributes: {
      'vstrace.type': 'pipeline',
      'cicd.pipeline.name': run.name ?? 'pipeline',
      'cicd.pipeline.run.id': String(run.id),
      'cicd.pipeline.result': CICD_RESULT[result],
      ...(run.html_url ? { 'cicd.pipeline.run.url.full': run.html_url } : {}),
      ...(result === 'failure' ? { error: true } : {}),
    },
    resource: input.resource,
    ...(input.previous ? { links: [{ traceId: input.previous.traceId, spanId: input.previous.runSpanId }] } : {}),
  };
}
