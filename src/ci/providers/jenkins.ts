import { firstOf, joined, type CiProvider } from '../provider.ts';

/**
 * Jenkins, from the variables it sets for every build (jenkins.io, "Using
 * environment variables"; Git plugin; Pipeline's STAGE_NAME; multibranch
 * CHANGE_*). A Jenkins build is the run; the job is the current stage, or the
 * whole build outside a stage. The OpenTelemetry plugin injects TRACEPARENT,
 * which then wins over all of this.
 */
export const jenkins: CiProvider = {
  id: 'jenkins',
  name: 'Jenkins',
  detect: (env) => Boolean(env.JENKINS_URL && (env.BUILD_ID || env.BUILD_NUMBER)),
  attributes: {
    'cicd.pipeline.name': 'JOB_NAME',
    'cicd.pipeline.run.id': firstOf('BUILD_NUMBER', 'BUILD_ID'),
    'cicd.pipeline.run.url.full': 'BUILD_URL',
    'cicd.pipeline.task.name': 'STAGE_NAME',
    'cicd.worker.name': 'NODE_NAME',
    'vcs.repository.url.full': 'GIT_URL',
    'vcs.ref.head.name': firstOf('CHANGE_BRANCH', 'BRANCH_NAME', 'GIT_BRANCH'),
    'vcs.ref.head.revision': 'GIT_COMMIT',
    'vcs.ref.base.name': 'CHANGE_TARGET',
    'vcs.change.id': 'CHANGE_ID',
  },
  runKey: (env) => joined(env, ['JOB_NAME', '#', firstOf('BUILD_NUMBER', 'BUILD_ID')]),
  jobKey: firstOf('STAGE_NAME', 'JOB_NAME'),
};
