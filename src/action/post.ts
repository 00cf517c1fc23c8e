import * as core from '@actions/core';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ciContext, ciIds, type CiIds } from '../ci/context.ts';
import { githubRunIds } from '../ci/providers/github.ts';
import { ciEndCommand } from '../commands/ci/action.ts';
import { loadTrace } from '../store/queries.ts';
import { resolveSettings } from '../config/resolve.ts';
import type { Settings } from '../config/schema.ts';
import { describe } from '../errors.ts';
import { queueRecorded } from '../export/deliver.ts';
import { findSpanRecords } from '../store/lookup.ts';
import { appendSpan } from '../store/writer.ts';
import { isError, type SpanRecord } from '../trace/span.ts';
import { nowUs } from '../system/clock.ts';
import { subtree } from '../trace/traces.ts';
import { traceUrl } from '../view/trace-url.ts';
import { fetchRunDocuments, ownJob, type RunDocuments } from './github-api.ts';
import { isLastJob, isTracedJob, jobResult, jobSpan, runSpan, stepSpans, willBeSkipped, type ApiJob } from './github-run.ts';
import { readInputs, type ActionInputs } from './inputs.ts';
import { STATE } from './state.ts';
import { renderSummary } from './summary.ts';

/**
 * The action's `post` (runs after the job's steps, also when one failed or the
 * job was cancelled): ends the job's span with the job's real result, records
 * from the REST API what vstrace did not wrap (the job's steps; in the run's
 * last job, the run's span from run_started_at and the jobs without the
 * action), flushes export with a bounded wait and writes the job summary.
 * Without a token it says what could not be known. Never fails the job.
 */
interface Context {
  env: NodeJS.ProcessEnv;
  inputs: ActionInputs;
  settings: Settings;
  ids: CiIds;
  notes: string[];
}

async function post(): Promise<void> {
  const env = process.env;
  const { inputs, problems } = readInputs((name) => core.getInput(name));
  const checkRunId = core.getState(STATE.checkRunId) || env.VSTRACE_CHECK_RUN_ID || undefined;
  if (checkRunId) env.VSTRACE_CHECK_RUN_ID = checkRunId;
  const ci = ciContext(env);
  const ids = ci ? ciIds(ci, env) : undefined;
  if (!ids || !core.getState(STATE.jobSpanId)) {
    core.warning("vstrace: this job's span was not started (the action's main step did not run or failed): nothing to end");
    return;
  }
  const ctx: Context = { env, inputs, settings: resolveSettings({}, env), ids, notes: [...problems] };
  const docs = await runDocuments(ctx);
  const self = docs ? ownJob(docs.jobs, checkRunId, env.RUNNER_NAME) : undefined;
  if (docs && !self) ctx.notes.push("This job was not found in the run's jobs: its steps and result are what the traced commands tell.");
  const result = self ? jobResult(self) : inferredResult(ctx);
  const startedUs = self?.started_at ? Date.parse(self.started_at) * 1000 : Number.NaN;
  ciEndCommand({ status: result, pipeline: false, tag: [], ...(Number.isNaN(startedUs) ? {} : { startUs: startedUs }) }, env);
  if (docs && self) recordFromApi(ctx, docs, self, result);
  flush(ctx);
  const url = traceUrl(ctx.settings.export.uiUrl, ctx.settings.export.exporter, ids.traceId);
  if (url) core.setOutput('trace-url', url);
  if (inputs.summary) await writeSummary(ctx, self?.name ?? env.GITHUB_JOB ?? 'job', result, url);
}

async function runDocuments(ctx: Context): Promise<RunDocuments | undefined> {
  const { env, inputs } = ctx;
  if (!inputs.token || !env.GITHUB_API_URL || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) {
    ctx.notes.push("No GitHub token (input github-token): the run's span, and the jobs and steps vstrace did not wrap, are not recorded; the job's result is inferred from its traced commands.");
    return undefined;
  }
  const docs = await fetchRunDocuments({ apiUrl: env.GITHUB_API_URL, repository: env.GITHUB_REPOSITORY, runId: env.GITHUB_RUN_ID, attempt: env.GITHUB_RUN_ATTEMPT ?? '1', token: inputs.token });
  if (docs.ok) return docs.value;
  ctx.notes.push(`${docs.error.message}: the run's span and the steps vstrace did not wrap are not recorded; the job's result is inferred from its traced commands.`);
  return undefined;
}

/** Without the API: a failed traced command failed the job; otherwise it is taken as a success (said in the summary). */
function inferredResult(ctx: Context): 'success' | 'failure' {
  const spans = traceSpans(ctx);
  return spans.some((s) => s.parentSpanId === ctx.ids.jobSpanId && isError(s)) ? 'failure' : 'success';
}

function traceSpans(ctx: Context): SpanRecord[] {
  try {
    return loadTrace(ctx.settings.store.home, ctx.ids.traceId, true).trace.spans;
  } catch {
    return [];
  }
}

function record(ctx: Context, spans: readonly SpanRecord[]): void {
  for (const span of spans) {
    appendSpan(ctx.settings.store.home, span);
    queueRecorded(ctx.settings, span, ctx.env);
  }
}

/** The job's steps; in the run's last job, the run's span and the jobs that did not run the action. */
function recordFromApi(ctx: Context, docs: RunDocuments, self: ApiJob, result: ReturnType<typeof jobResult>): void {
  const ended = findSpanRecords(ctx.settings.store.home, ctx.ids.jobSpanId).ended;
  // A step still running (this post step) ends with the job's span, which has just been recorded.
  const base = { ids: ctx.ids, resource: ended?.resource ?? {}, nowUs: ended?.endUs ?? nowUs() };
  record(ctx, stepSpans(self, base));
  if (!isLastJob(docs.jobs, self.id, result)) return;
  const others = docs.jobs.filter((j) => j.id !== self.id && (willBeSkipped(j) || !isTracedJob(j)));
  record(
    ctx,
    others.flatMap((job) => [jobSpan(job, base), ...stepSpans(job, base)]),
  );
  const attempt = Number(ctx.env.GITHUB_RUN_ATTEMPT ?? '1');
  const previous = attempt > 1 && ctx.env.GITHUB_RUN_ID ? githubRunIds(ctx.env.GITHUB_RUN_ID, String(attempt - 1)) : undefined;
  const children = traceSpans(ctx).filter((s) => s.parentSpanId === ctx.ids.runSpanId);
  record(ctx, [runSpan({ ...base, run: docs.run, jobs: docs.jobs, selfId: self.id, selfResult: result, children, ...(previous ? { previous } : {}) })]);
}

/** Delivers what this job queued, within flush-timeout: the runner may be gone a moment later. */
function flush(ctx: Context): void {
  if (ctx.settings.export.exporter === 'none') return;
  const cli = join(resolve(__dirname), 'cli.js');
  const out = spawnSync(process.execPath, [cli, 'flush', '--wait', '--timeout', String(ctx.inputs.flushTimeoutMs)], { env: ctx.env, encoding: 'utf8', timeout: ctx.inputs.flushTimeoutMs + 5_000 });
  const said = `${out.stdout ?? ''}${out.stderr ?? ''}`.trim();
  if (out.status === 0) core.info(`vstrace: ${said}`);
  else {
    core.warning(`vstrace: not every span was delivered: ${said || describe(out.error)}`);
    ctx.notes.push(`Export: ${said.split('\n')[0] ?? 'not every span was delivered'}`);
  }
}

async function writeSummary(ctx: Context, jobName: string, result: string, url: string | undefined): Promise<void> {
  try {
    const whole = loadTrace(ctx.settings.store.home, ctx.ids.traceId, true).trace;
    const trace = subtree(whole, ctx.ids.jobSpanId) ?? whole;
    await core.summary.addRaw(renderSummary({ trace, jobName, result, ...(url ? { url } : {}), notes: ctx.notes, maxRows: ctx.inputs.summaryRows, nowUs: nowUs() })).write();
  } catch (error) {
    core.warning(`vstrace: could not write the job summary: ${describe(error)}`);
  }
}

/** The step's entry: never throws, never sets a failing exit code. */
export const runPostStep = (): Promise<void> => post().catch((error: unknown) => core.warning(`vstrace: could not end tracing this job: ${describe(error)}`));
