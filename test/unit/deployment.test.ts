import { describe, expect, it } from 'vitest';
import { deploymentAttributes, environmentOf, isDeploymentType, withoutCredentials } from '../../src/trace/deployment.ts';
import { parseEventArgs } from '../../src/trace/vscli-grammar.ts';

describe('deployment attributes', () => {
  it('takes the environment from --env, then an environment or env tag, then the setting, else none', () => {
    expect(environmentOf('prod', { env: 'stg' }, 'dev')).toBe('prod');
    expect(environmentOf(undefined, { environment: 'qa', env: 'stg' }, 'dev')).toBe('qa');
    expect(environmentOf(undefined, { env: 'stg' }, 'dev')).toBe('stg');
    expect(environmentOf(undefined, {}, 'dev')).toBe('dev');
    expect(environmentOf(undefined, {}, undefined)).toBeUndefined();
    expect(environmentOf('  ', { env: '' }, undefined)).toBeUndefined();
  });

  it('is a deployment only for a listed type', () => {
    expect(isDeploymentType('deploy', ['deploy'])).toBe(true);
    expect(isDeploymentType('build', ['deploy'])).toBe(false);
    expect(isDeploymentType(undefined, ['deploy'])).toBe(false);
    expect(isDeploymentType('release', ['deploy', 'release'])).toBe(true);
  });

  it('records status, revision, repository and work tree for a deployment; only the reason otherwise', () => {
    const git = { revision: 'a'.repeat(40), repositoryUrl: 'https://example.com/x.git', workTree: '/src/x' };
    expect(deploymentAttributes({ deployment: true, reason: 'INC-7', git }, true)).toEqual({
      'vstrace.reason': 'INC-7',
      'deployment.status': 'failed',
      'vcs.ref.head.revision': 'a'.repeat(40),
      'vcs.repository.url.full': 'https://example.com/x.git',
      'vstrace.vcs.work_tree': '/src/x',
    });
    expect(deploymentAttributes({ deployment: true }, false)).toEqual({ 'deployment.status': 'succeeded' });
    expect(deploymentAttributes({ deployment: true }, undefined)).toEqual({});
    expect(deploymentAttributes({ deployment: false, reason: 'why', git }, false)).toEqual({ 'vstrace.reason': 'why' });
    expect(deploymentAttributes({ deployment: false, reason: ' ' }, false)).toEqual({});
  });

  it('drops credentials from a remote URL and keeps scp-like users', () => {
    expect(withoutCredentials('https://user:ghp_secret@github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(withoutCredentials('https://token@host/o/r')).toBe('https://host/o/r');
    expect(withoutCredentials('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
    expect(withoutCredentials('ssh://git@host:22/o/r')).toBe('ssh://host:22/o/r');
    expect(withoutCredentials('/srv/git/r.git')).toBe('/srv/git/r.git');
  });

  it('takes -env and -reason in the vscli grammar', () => {
    const parsed = parseEventArgs(['-type=deploy', '-env=prod', '-reason', 'INC-9 hotfix', 'start']);
    expect(parsed.ok && parsed.value).toMatchObject({ action: 'start', type: 'deploy', env: 'prod', reason: 'INC-9 hotfix' });
  });
});
