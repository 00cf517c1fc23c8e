import { envValue, firstOf, joined, type CiProvider } from '../provider.ts';

/**
 * Buildkite, from its agent's environment (buildkite.com/docs/pipelines/configure/environment-variables).
 * A build is the run, a job (one step's execution; a retry is a new job id) the job.
 * Buildkite's tracing integration can inject TRACEPARENT, which then wins.
 */
export const buildkite: CiProvider = {
  id: 'buildkite',
  name: 'Buildkite',
  detect: (env) => env.BUILDKITE === 'true',
  attributes: {
    'cicd.pipeline.name': firstOf('BUILDKITE_PIPELINE_NAME', 'BUILDKITE_PIPELINE_SLUG'),
    'cicd.pipeline.run.id': firstOf('BUILDKITE_BUILD_ID', 'BUILDKITE_BUILD_NUMBER'),
    'cicd.pipeline.run.url.full': 'BUILDKITE_BUILD_URL',
    'cicd.pipeline.task.name': firstOf('BUILDKITE_LABEL', 'BUILDKITE_STEP_KEY'),
    'cicd.pipeline.task.run.id': 'BUILDKITE_JOB_ID',
    'cicd.pipeline.task.run.url.full': (env) => joined(env, ['BUILDKITE_BUILD_URL', '#', 'BUILDKITE_JOB_ID']),
    'cicd.worker.name': 'BUILDKITE_AGENT_NAME',
    'vcs.repository.url.full': 'BUILDKITE_REPO',
    'vcs.ref.head.name': firstOf('BUILDKITE_BRANCH', 'BUILDKITE_TAG'),
    'vcs.ref.head.revision': 'BUILDKITE_COMMIT',
    'vcs.ref.base.name': 'BUILDKITE_PULL_REQUEST_BASE_BRANCH',
    'vcs.change.id': (env) => {
      const pr = envValue(env, 'BUILDKITE_PULL_REQUEST');
      return pr === 'false' ? undefined : pr;
    },
  },
  runKey: firstOf('BUILDKITE_BUILD_ID', 'BUILDKITE_BUILD_NUMBER'),
  jobKey: 'BUILDKITE_JOB_ID',
};
