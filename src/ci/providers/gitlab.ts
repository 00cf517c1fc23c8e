import { firstOf, type CiProvider } from '../provider.ts';

/** GitLab CI/CD, from its predefined variables (docs.gitlab.com/ci/variables/predefined_variables). A retried job gets a new CI_JOB_ID. */
export const gitlab: CiProvider = {
  id: 'gitlab_ci',
  name: 'GitLab CI',
  detect: (env) => env.GITLAB_CI === 'true',
  attributes: {
    'cicd.pipeline.name': firstOf('CI_PIPELINE_NAME', 'CI_PROJECT_PATH'),
    'cicd.pipeline.run.id': 'CI_PIPELINE_ID',
    'cicd.pipeline.run.url.full': 'CI_PIPELINE_URL',
    'cicd.pipeline.task.name': 'CI_JOB_NAME',
    'cicd.pipeline.task.run.id': 'CI_JOB_ID',
    'cicd.pipeline.task.run.url.full': 'CI_JOB_URL',
    'cicd.worker.name': firstOf('CI_RUNNER_DESCRIPTION', 'CI_RUNNER_ID'),
    'vcs.repository.url.full': 'CI_PROJECT_URL',
    'vcs.repository.name': 'CI_PROJECT_PATH',
    'vcs.ref.head.name': firstOf('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME', 'CI_COMMIT_REF_NAME'),
    'vcs.ref.head.revision': 'CI_COMMIT_SHA',
    'vcs.ref.base.name': 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
    'vcs.change.id': 'CI_MERGE_REQUEST_IID',
  },
  runKey: 'CI_PIPELINE_ID',
  jobKey: 'CI_JOB_ID',
  runStartedAt: 'CI_PIPELINE_CREATED_AT',
};
