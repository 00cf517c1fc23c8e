import { joined, type CiProvider } from '../provider.ts';

/**
 * Bitbucket Pipelines, from its default variables
 * (support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets). A
 * pipeline run is the run, a step the job; steps have no name variable, so
 * the step's uuid names it.
 */
export const bitbucket: CiProvider = {
  id: 'bitbucket_pipelines',
  name: 'Bitbucket Pipelines',
  detect: (env) => Boolean(env.BITBUCKET_BUILD_NUMBER && env.BITBUCKET_PIPELINE_UUID),
  attributes: {
    'cicd.pipeline.name': 'BITBUCKET_REPO_FULL_NAME',
    'cicd.pipeline.run.id': 'BITBUCKET_BUILD_NUMBER',
    'cicd.pipeline.run.url.full': (env) => joined(env, ['https://bitbucket.org/', 'BITBUCKET_REPO_FULL_NAME', '/pipelines/results/', 'BITBUCKET_BUILD_NUMBER']),
    'cicd.pipeline.task.name': 'BITBUCKET_STEP_UUID',
    'cicd.pipeline.task.run.id': 'BITBUCKET_STEP_UUID',
    'cicd.pipeline.task.run.url.full': (env) => joined(env, ['https://bitbucket.org/', 'BITBUCKET_REPO_FULL_NAME', '/pipelines/results/', 'BITBUCKET_BUILD_NUMBER', '/steps/', 'BITBUCKET_STEP_UUID']),
    'vcs.repository.url.full': 'BITBUCKET_GIT_HTTP_ORIGIN',
    'vcs.repository.name': 'BITBUCKET_REPO_FULL_NAME',
    'vcs.ref.head.name': (env) => env.BITBUCKET_BRANCH || env.BITBUCKET_TAG || undefined,
    'vcs.ref.head.revision': 'BITBUCKET_COMMIT',
    'vcs.ref.base.name': 'BITBUCKET_PR_DESTINATION_BRANCH',
    'vcs.change.id': 'BITBUCKET_PR_ID',
  },
  runKey: 'BITBUCKET_PIPELINE_UUID',
  jobKey: 'BITBUCKET_STEP_UUID',
};
