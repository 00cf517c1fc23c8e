import * as core from '@actions/core';
import { join, resolve } from 'node:path';
import { ciContext, ciIds } from '../ci/context.ts';
import { resolveSettings } from '../config/resolve.ts';
import { describe } from '../errors.ts';
import { ciStartCommand } from '../commands/ci/action.ts';
import { traceUrl } from '../view/trace-url.ts';
import { fetchRunDocuments, ownJob } from './github-api.ts';
import { readInputs } from './inputs.ts';
import { STATE } from './state.ts';

/**
 * The action's `main` (dist/action-main.js, run by the runner's Node before
 * the job's later steps): puts vstrace, vstrace-sh and vscli on PATH (the
 * bundle next to this file: no network install), learns the job's check run
 * id (the githubreceiver's job id), records the job's start, and hands later
 * steps and `post` what they need. Tracing never fails the job: every problem
 * is a warning.
 */
async function main(): Promise<void> {
  const root = resolve(__dirname, '..');
  core.addPath(join(root, 'bin'));
  const { inputs, problems } = readInputs((name) => core.getInput(name));
  for (const problem of problems) core.warning(`vstrace: ${problem}`);
  const env = process.env;
  let checkRunId = inputs.checkRunId;
  if (!checkRunId && inputs.token && env.GITHUB_API_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    const docs = await fetchRunDocuments({ apiUrl: env.GITHUB_API_URL, repository: env.GITHUB_REPOSITORY, runId: env.GITHUB_RUN_ID, attempt: env.GITHUB_RUN_ATTEMPT ?? '1', token: inputs.token });
    if (docs.ok) checkRunId = ownJob(docs.value.jobs, undefined, env.RUNNER_NAME)?.id.toString();
  }
  if (checkRunId) core.exportVariable('VSTRACE_CHECK_RUN_ID', checkRunId);
  else core.warning("vstrace: the job's check run id is unknown (pass check-run-id: ${{ job.check_run_id }}): job spans are named by the job's name, as older githubreceivers do");
  const jobSpanId = ciStartCommand({ pipeline: false, tag: inputs.tags }, env);
  const ci = ciContext(env);
  const ids = ci ? ciIds(ci, env) : undefined;
  core.saveState(STATE.jobSpanId, jobSpanId);
  core.saveState(STATE.checkRunId, checkRunId ?? '');
  if (ids) {
    core.setOutput('trace-id', ids.traceId);
    const settings = resolveSettings({}, env);
    const url = traceUrl(settings.export.uiUrl, settings.export.exporter, ids.traceId);
    if (url) core.setOutput('trace-url', url);
    core.info(`vstrace: tracing this job as span ${jobSpanId} of trace ${ids.traceId}${url ? ` (${url})` : ''}`);
  }
}

/** The step's entry: never throws, never sets a failing exit code. */
export const runMainStep = (): Promise<void> => main().catch((error: unknown) => core.warning(`vstrace: could not start tracing this job: ${describe(error)}`));
