import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { GitRepo } from '../support/git-repo.ts';

const store = useTempStore();

describe('a deployment records what dora and the audit trail read', () => {
  it('vstrace run --type=deploy: environment, reason, status, revision, the remote without credentials, the work tree', () => {
    const r = new GitRepo(join(store.dir, 'app'), store.env);
    r.git('remote', 'add', 'origin', 'https://deployer:ghp_notreallyasecret0123456789@github.example/org/app.git');
    const sha = r.commit('A', 1_700_000_000);
    const ok = vstraceSync(['run', '--type=deploy', '--env', 'production', '--reason', 'INC-42 hotfix', '--', 'true'], { env: store.env, cwd: r.dir });
    const bad = vstraceSync(['run', '--type=deploy', '--tag', 'env=staging', '--', 'sh', '-c', 'exit 3'], { env: store.env, cwd: r.dir });
    expect([ok.status, ok.stdout, ok.stderr, bad.status, bad.stderr]).toEqual([0, '', '', 3, '']);
    const [first, second] = storedSpans(store.home);
    expect(first!.resource['deployment.environment.name']).toBe('production');
    expect(first!.attributes).toMatchObject({
      'vstrace.reason': 'INC-42 hotfix',
      'deployment.status': 'succeeded',
      'vcs.ref.head.revision': sha,
      'vcs.repository.url.full': 'https://github.example/org/app.git',
      'vstrace.vcs.work_tree': r.dir,
    });
    expect(second!.resource['deployment.environment.name']).toBe('staging');
    expect(second!.attributes['deployment.status']).toBe('failed');
    expect(second!.attributes['vstrace.reason']).toBeUndefined();
    expect(JSON.stringify(storedSpans(store.home))).not.toContain('ghp_notreallyasecret');
    // a reason is free text, redacted as every other text is
    vstraceSync(['run', '--type=deploy', '--reason', 'rotated AKIAIOSFODNN7EXAMPLE, password=hunter2secret', '--', 'true'], { env: store.env, cwd: r.dir });
    expect(storedSpans(store.home).at(-1)!.attributes['vstrace.reason']).toBe('rotated [REDACTED], password=[REDACTED]');
  });

  it('a span of another type gets no deployment attributes; the setting names the environment and which types deploy', () => {
    const r = new GitRepo(join(store.dir, 'app'), store.env);
    r.commit('A', 1_700_000_000);
    vstraceSync(['run', '--type=build', '--', 'true'], { env: store.env, cwd: r.dir });
    vstraceSync(['run', '--type=release', '--', 'true'], { env: { ...store.env, VSTRACE_DEPLOYMENT_TYPES: 'release,deploy', VSTRACE_DEPLOYMENT_ENVIRONMENT: 'qa' }, cwd: r.dir });
    const [build, release] = storedSpans(store.home);
    expect(build!.attributes['deployment.status']).toBeUndefined();
    expect(build!.attributes['vstrace.vcs.work_tree']).toBeUndefined();
    expect(build!.resource['deployment.environment.name']).toBeUndefined();
    expect(release!.attributes['deployment.status']).toBe('succeeded');
    expect(release!.resource['deployment.environment.name']).toBe('qa');
  });

  it('vscli event -env -reason start … end -error: a failed deployment with its reason', () => {
    const r = new GitRepo(join(store.dir, 'app'), store.env);
    const sha = r.commit('A', 1_700_000_000);
    const start = vstraceSync(['event', '-type=deploy', '-env=prod', '-reason=weekly release', 'start'], { env: store.env, cwd: r.dir });
    expect(start.status).toBe(0);
    const end = vstraceSync(['event', '-type=deploy', 'end', `-event-id=${start.stdout.trim()}`, '-error'], { env: store.env, cwd: r.dir });
    expect([end.status, end.stderr]).toEqual([0, '']);
    const ended = storedSpans(store.home).find((s) => s.endUs !== undefined)!;
    expect(ended.resource['deployment.environment.name']).toBe('prod');
    expect(ended.attributes).toMatchObject({ 'vstrace.reason': 'weekly release', 'deployment.status': 'failed', 'vcs.ref.head.revision': sha });
  });
});
