import { envValue, firstOf, joined, type CiProvider } from '../provider.ts';

/**
 * Azure Pipelines, from its predefined variables as the agent exports them
 * (learn.microsoft.com/azure/devops/pipelines/build/variables: `Build.BuildId`
 * becomes BUILD_BUILDID). Re-running failed jobs keeps the build id and
 * raises System.JobAttempt, so the attempt is part of the job's identity.
 */
export const azure: CiProvider = {
  id: 'azure_pipelines',
  name: 'Azure Pipelines',
  detect: (env) => env.TF_BUILD?.toLowerCase() === 'true',
  attributes: {
    'cicd.pipeline.name': 'BUILD_DEFINITIONNAME',
    'cicd.pipeline.run.id': 'BUILD_BUILDID',
    'cicd.pipeline.run.url.full': (env) => joined(env, ['SYSTEM_COLLECTIONURI', 'SYSTEM_TEAMPROJECT', '/_build/results?buildId=', 'BUILD_BUILDID']),
    'cicd.pipeline.task.name': firstOf('SYSTEM_JOBDISPLAYNAME', 'SYSTEM_JOBNAME'),
    'cicd.pipeline.task.run.id': 'SYSTEM_JOBID',
    'cicd.pipeline.task.run.url.full': (env) => joined(env, ['SYSTEM_COLLECTIONURI', 'SYSTEM_TEAMPROJECT', '/_build/results?buildId=', 'BUILD_BUILDID', '&j=', 'SYSTEM_JOBID']),
    'cicd.worker.name': 'AGENT_NAME',
    'vcs.repository.url.full': 'BUILD_REPOSITORY_URI',
    'vcs.repository.name': 'BUILD_REPOSITORY_NAME',
    'vcs.ref.head.name': (env) => (envValue(env, 'SYSTEM_PULLREQUEST_SOURCEBRANCH') ?? envValue(env, 'BUILD_SOURCEBRANCH'))?.replace(/^refs\/heads\//, ''),
    'vcs.ref.head.revision': 'BUILD_SOURCEVERSION',
    'vcs.ref.base.name': (env) => envValue(env, 'SYSTEM_PULLREQUEST_TARGETBRANCH')?.replace(/^refs\/heads\//, ''),
    'vcs.change.id': firstOf('SYSTEM_PULLREQUEST_PULLREQUESTNUMBER', 'SYSTEM_PULLREQUEST_PULLREQUESTID'),
  },
  runKey: 'BUILD_BUILDID',
  jobKey: (env) => joined(env, ['SYSTEM_JOBID', '.', (e) => envValue(e, 'SYSTEM_JOBATTEMPT') ?? '1']),
  runStartedAt: 'SYSTEM_PIPELINESTARTTIME',
};
