import { spanIdFrom, traceIdFrom } from '../../trace/hash.ts';
import type { Env } from '../../trace/carrier.ts';
import { envValue, firstOf, joined, type CiProvider } from '../provider.ts';

/**
 * GitHub Actions, from its default environment variables
 * (docs.github.com/actions/reference/variables-reference).
 *
 * Ids follow the OpenTelemetry Collector's githubreceiver
 * (opentelemetry-collector-contrib, receiver/githubreceiver/trace_event_handling.go:
 * newTraceID, newParentSpanID, newJobSpanID, newSpanIDFromCheckRun), so live
 * spans from vstrace join the trace that receiver builds from the
 * workflow_run/workflow_job webhooks after the run:
 *   trace id     = sha256("<run id><run attempt>t"), hex digits 0–32
 *   run span id  = sha256("<run id><run attempt>s"), hex digits 16–32
 *   job span id  = sha256("<check run id>-j"), hex digits 16–32   (receiver ≥ 0.151, UseCheckRunID gate on)
 *               or sha256("<run id><run attempt><job name>"), 16–32 (earlier receivers, or without the check run id)
 * The check run id is the job's `job.check_run_id` context value; a step
 * exposes it as VSTRACE_CHECK_RUN_ID (see the README). The legacy recipe
 * hashes the job's display name, which is GITHUB_JOB unless the job sets
 * `name:` or runs a matrix; VSTRACE_CI_JOB_NAME overrides it.
 */
/** The trace and run span of one attempt of a run (also an earlier attempt's, for the link from a retry). */
export const githubRunIds = (runId: string, attempt: string) => ({ traceId: traceIdFrom(`${runId}${attempt}t`), runSpanId: spanIdFrom(`${runId}${attempt}s`) });

export function githubIds(env: Env) {
  const runId = envValue(env, 'GITHUB_RUN_ID');
  const attempt = envValue(env, 'GITHUB_RUN_ATTEMPT') ?? '1';
  if (!runId) return undefined;
  const checkRunId = envValue(env, 'VSTRACE_CHECK_RUN_ID');
  const jobName = envValue(env, 'VSTRACE_CI_JOB_NAME') ?? envValue(env, 'GITHUB_JOB') ?? '';
  return {
    ...githubRunIds(runId, attempt),
    jobSpanId: checkRunId ? spanIdFrom(`${checkRunId}-j`) : spanIdFrom(`${runId}${attempt}${jobName}`),
  };
}

const repoUrl = (env: Env) => joined(env, ['GITHUB_SERVER_URL', '/', 'GITHUB_REPOSITORY']);

export const github: CiProvider = {
  id: 'github_actions',
  name: 'GitHub Actions',
  detect: (env) => env.GITHUB_ACTIONS === 'true',
  attributes: {
    'cicd.pipeline.name': 'GITHUB_WORKFLOW',
    'cicd.pipeline.run.id': 'GITHUB_RUN_ID',
    'cicd.pipeline.run.url.full': (env) => joined(env, [repoUrl, '/actions/runs/', 'GITHUB_RUN_ID', '/attempts/', (e) => envValue(e, 'GITHUB_RUN_ATTEMPT') ?? '1']),
    'cicd.pipeline.task.name': firstOf('VSTRACE_CI_JOB_NAME', 'GITHUB_JOB'),
    'cicd.pipeline.task.run.id': 'VSTRACE_CHECK_RUN_ID',
    'cicd.pipeline.task.run.url.full': (env) => joined(env, [repoUrl, '/actions/runs/', 'GITHUB_RUN_ID', '/job/', 'VSTRACE_CHECK_RUN_ID']),
    'cicd.worker.name': 'RUNNER_NAME',
    'vcs.repository.url.full': repoUrl,
    'vcs.repository.name': 'GITHUB_REPOSITORY',
    'vcs.ref.head.name': firstOf('GITHUB_HEAD_REF', 'GITHUB_REF_NAME'),
    'vcs.ref.head.revision': 'GITHUB_SHA',
    'vcs.ref.base.name': 'GITHUB_BASE_REF',
    'vcs.change.id': (env) => /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1],
  },
  runKey: (env) => joined(env, ['GITHUB_RUN_ID', '.', (e) => envValue(e, 'GITHUB_RUN_ATTEMPT') ?? '1']),
  jobKey: firstOf('VSTRACE_CHECK_RUN_ID', 'VSTRACE_CI_JOB_NAME', 'GITHUB_JOB'),
  ids: githubIds,
};
