import { envValue, firstOf, joined, type CiProvider } from '../provider.ts';

/**
 * CircleCI, from its built-in environment variables
 * (circleci.com/docs/reference/variables). The workflow is the run (a re-run
 * is a new workflow id); the job's build number identifies the job.
 */
export const circleci: CiProvider = {
  id: 'circleci',
  name: 'CircleCI',
  detect: (env) => env.CIRCLECI === 'true',
  attributes: {
    'cicd.pipeline.name': (env) => joined(env, ['CIRCLE_PROJECT_USERNAME', '/', 'CIRCLE_PROJECT_REPONAME']),
    'cicd.pipeline.run.id': 'CIRCLE_WORKFLOW_ID',
    'cicd.pipeline.run.url.full': (env) => joined(env, ['https://app.circleci.com/pipelines/workflows/', 'CIRCLE_WORKFLOW_ID']),
    'cicd.pipeline.task.name': 'CIRCLE_JOB',
    'cicd.pipeline.task.run.id': 'CIRCLE_BUILD_NUM',
    'cicd.pipeline.task.run.url.full': 'CIRCLE_BUILD_URL',
    'cicd.worker.name': (env) => envValue(env, 'CIRCLE_NODE_INDEX') && joined(env, ['CIRCLE_JOB', '.', 'CIRCLE_NODE_INDEX']),
    'vcs.repository.url.full': 'CIRCLE_REPOSITORY_URL',
    'vcs.repository.name': (env) => joined(env, ['CIRCLE_PROJECT_USERNAME', '/', 'CIRCLE_PROJECT_REPONAME']),
    'vcs.ref.head.name': firstOf('CIRCLE_BRANCH', 'CIRCLE_TAG'),
    'vcs.ref.head.revision': 'CIRCLE_SHA1',
    'vcs.change.id': (env) => envValue(env, 'CIRCLE_PR_NUMBER') ?? /\/pull\/(\d+)/.exec(env.CIRCLE_PULL_REQUEST ?? '')?.[1],
  },
  runKey: 'CIRCLE_WORKFLOW_ID',
  jobKey: (env) => joined(env, ['CIRCLE_BUILD_NUM', '.', (e) => envValue(e, 'CIRCLE_NODE_INDEX') ?? '0']),
};
