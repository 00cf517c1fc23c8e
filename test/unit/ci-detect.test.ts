import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ciContext, ciIds, detectProvider, PROVIDERS } from '../../src/ci/context.ts';
import { CI_ENVS } from '../support/ci-envs.ts';

const ids = (env: Record<string, string>) => ciIds(ciContext(env)!, env)!;

describe('CI detection: one table per provider, pure functions of the environment', () => {
  it('knows all seven providers and nothing outside CI', () => {
    expect(PROVIDERS.map((p) => p.id).sort()).toEqual(Object.keys(CI_ENVS).sort());
    expect(detectProvider({ CI: 'true', HOME: '/root' })).toBeUndefined();
    expect(ciContext({})).toBeUndefined();
  });

  for (const [id, envOf] of Object.entries(CI_ENVS)) {
    describe(id, () => {
      const a = envOf('a');
      it('is detected, and fills the CICD and VCS semantic-convention attributes', () => {
        const ctx = ciContext(a)!;
        expect(ctx.provider.id).toBe(id);
        expect(ctx.attributes['vstrace.ci.provider']).toBe(id);
        for (const key of [
          'cicd.pipeline.name',
          'cicd.pipeline.run.id',
          'cicd.pipeline.run.url.full',
          'cicd.pipeline.task.name',
          'vcs.repository.url.full',
          'vcs.ref.head.name',
          'vcs.ref.head.revision',
        ]) {
          expect(ctx.attributes[key], key).toMatch(/\S/);
        }
        expect(ctx.attributes['cicd.pipeline.run.url.full']).toMatch(/^https?:\/\//);
      });

      it('derives one trace per run, one span per job, the same in every step', () => {
        const first = ids(a);
        expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(first.runSpanId).toMatch(/^[0-9a-f]{16}$/);
        expect(ids({ ...a })).toEqual(first); // another step of the same job
        const other = ids(envOf('b'));
        expect(other.traceId).toBe(first.traceId);
        expect(other.runSpanId).toBe(first.runSpanId);
        expect(other.jobSpanId).not.toBe(first.jobSpanId);
        expect(ids(envOf('a', '1111')).traceId).not.toBe(first.traceId); // another run
      });
    });
  }

  it('reads pull-request numbers and branches the way each provider writes them', () => {
    const attr = (id: string, key: string) => ciContext(CI_ENVS[id]!('a'))!.attributes[key];
    expect(attr('github_actions', 'vcs.change.id')).toBe('42');
    expect(attr('github_actions', 'vcs.ref.head.name')).toBe('feature/x');
    expect(attr('github_actions', 'cicd.pipeline.run.url.full')).toBe('https://github.com/valuestream/api/actions/runs/9876543210/attempts/2');
    expect(attr('gitlab_ci', 'vcs.change.id')).toBe('17');
    expect(attr('circleci', 'vcs.change.id')).toBe('5');
    expect(attr('buildkite', 'vcs.change.id')).toBeUndefined(); // "false" means no pull request
    expect(attr('azure_pipelines', 'vcs.ref.head.name')).toBe('main');
    expect(attr('azure_pipelines', 'cicd.pipeline.run.url.full')).toBe('https://dev.azure.com/valuestream/api/_build/results?buildId=4242');
    expect(attr('jenkins', 'cicd.pipeline.task.name')).toBe('Build');
    expect(attr('bitbucket_pipelines', 'vcs.change.id')).toBe('3');
  });
});

describe("docs/causality.md's CI table", () => {
  /** Its rows as provider name → the "detected by" cell's variables (`NAME=value`, or a bare `NAME`: any value). */
  const rows = [...readFileSync(new URL('../../docs/causality.md', import.meta.url), 'utf8').matchAll(/^\| ([^|]+?) \| (`[^|]+) \| [^|]+ \| [^|]+ \|$/gm)].map((m) => ({
    name: m[1]!,
    vars: [...m[2]!.matchAll(/`([A-Z_]+)(?:=([^`]*))?`/g)].map((v) => [v[1]!, v[2] ?? 'set'] as const),
  }));

  it('says for every provider exactly which variables detect it: all of them are needed, and they are enough', () => {
    expect(rows.map((r) => r.name).sort()).toEqual(PROVIDERS.map((p) => p.name).sort());
    for (const { name, vars } of rows) {
      const provider = PROVIDERS.find((p) => p.name === name)!;
      expect(provider.detect(Object.fromEntries(vars)), name).toBe(true);
      for (const [missing] of vars) expect(provider.detect(Object.fromEntries(vars.filter(([k]) => k !== missing))), `${name} without ${missing}`).toBe(false);
    }
  });
});

describe("GitHub Actions ids are the OpenTelemetry Collector githubreceiver's", () => {
  // The recipe, computed here independently of src/: sha256 of the documented input strings,
  // hex; the trace id is the first 32 hex digits, span ids are hex digits 16 to 32.
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const env = CI_ENVS.github_actions!('a');

  it('trace id from run id + attempt + "t", run span from + "s", job span from run, attempt and job name', () => {
    const got = ids(env);
    expect(got.traceId).toBe(sha('98765432102t').slice(0, 32));
    expect(got.runSpanId).toBe(sha('98765432102s').slice(16, 32));
    expect(got.jobSpanId).toBe(sha('98765432102build').slice(16, 32));
  });

  it('with the check run id (receiver >= 0.151): job span from "<check run id>-j"; a job display name overrides GITHUB_JOB', () => {
    expect(ids({ ...env, VSTRACE_CHECK_RUN_ID: '31415926535' }).jobSpanId).toBe(sha('31415926535-j').slice(16, 32));
    expect(ids({ ...env, VSTRACE_CI_JOB_NAME: 'build (ubuntu, 22)' }).jobSpanId).toBe(sha('98765432102build (ubuntu, 22)').slice(16, 32));
  });

  it("matches the receiver's own golden test data (testdata/workflow-run-expected.yaml, workflow-job-expected.yaml)", () => {
    // Run 14460881260, attempt 13, job "test (1.23)": the ids the receiver's golden files record for it,
    // and for attempt 12 the trace its run span links to.
    const golden = { ...env, GITHUB_RUN_ID: '14460881260', GITHUB_RUN_ATTEMPT: '13', VSTRACE_CI_JOB_NAME: 'test (1.23)' };
    expect(ids(golden)).toEqual({ traceId: '731ec8a47fd7450f753a812a4a8aa5a0', runSpanId: 'aba151af7cfbcf0f', jobSpanId: 'e68a36b3514c8634' });
    expect(ids({ ...golden, GITHUB_RUN_ATTEMPT: '12' }).traceId).toBe('3ab150c94bf95169f4958bc860bddc3b');
  });
});
