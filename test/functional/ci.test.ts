import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/trace/span.ts';
import { groupTraces, treeRows } from '../../src/trace/traces.ts';
import { bashSync, storedSpans } from '../support/cli.ts';
import { CI_ENVS } from '../support/ci-envs.ts';
import { useTempStore } from '../support/env.ts';
import { runGithubWorkflow, runGitlabPipeline, toolPath, type StepRun } from '../support/pipelines.ts';

/** Each test spawns a dozen processes or more; on a loaded two-core machine that can take a while. */
const SLOW = { timeout: 90_000 };
const store = useTempStore();
/** Both example pipelines: a build job (build, tag, push) and a deploy job. */
const JOBS_AND_STEPS = ['  build', '    build: docker build', '    push: docker tag', '    push: docker push', '  deploy', '    deploy: gcloud app'];
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The store's one trace as indented "name [status]" rows. */
function tree(): { rows: string[]; spans: SpanRecord[] } {
  const traces = groupTraces(storedSpans(store.home));
  expect(traces.map((t) => t.spans.length)).toHaveLength(1);
  const rows = treeRows(traces[0]!);
  return {
    rows: rows.map(({ span, depth }) => `${'  '.repeat(depth)}${span.name}${span.endUs === undefined ? ' (open)' : ''}${span.status.code === 'error' ? ' ✗' : ''}`),
    spans: rows.map((r) => r.span),
  };
}

describe('CI: the steps of every job land in one trace, under their job, with no plumbing', () => {
  for (const [provider, envOf] of Object.entries(CI_ENVS)) {
    it(`${provider}: two jobs, ci start/end, a failing step keeps its status`, SLOW, () => {
      const path = toolPath(store.dir, store.env.PATH!);
      const job = (j: 'a' | 'b', script: string) => bashSync(script, { ...store.env, ...envOf(j), PATH: path }, store.dir);
      expect(job('a', 'vstrace ci start --pipeline >/dev/null && vstrace run --name step1 -- true').status).toBe(0);
      const failing = job('a', `vstrace run --name step2 -- sh -c 'exit 3'`);
      expect(failing).toMatchObject({ status: 3, stderr: '' });
      expect(job('a', 'vstrace ci end --status failure').status).toBe(0);
      expect(job('b', 'vstrace ci start && vstrace run --name step3 -- true && vstrace ci end --pipeline --status success')).toMatchObject({ status: 0, stderr: '' });

      const { rows, spans } = tree();
      const [run, jobA, step1, step2, jobB, step3] = spans;
      expect(rows.length).toBe(6);
      expect(rows[0]).toMatch(/^\S/); // the run is the root …
      expect(rows.slice(1).filter((r) => /^ {2}\S/.test(r))).toHaveLength(2); // … with two jobs under it
      expect([step1, step2].map((s) => s!.parentSpanId)).toEqual([jobA!.spanId, jobA!.spanId]);
      expect(step3!.parentSpanId).toBe(jobB!.spanId);
      expect(run!.attributes['vstrace.type']).toBe('pipeline');
      expect(jobA).toMatchObject({ status: { code: 'error' }, attributes: { 'vstrace.type': 'job', 'cicd.pipeline.task.run.result': 'failure' } });
      expect(jobB!.attributes['cicd.pipeline.task.run.result']).toBe('success');
      expect(run!.attributes['cicd.pipeline.result']).toBe('success');
      expect(step2).toMatchObject({ status: { code: 'error', message: 'exit code 3' }, attributes: { 'process.exit.code': 3 } });
      expect(step1!.resource).toMatchObject({ 'vstrace.ci.provider': provider });
      expect(step1!.resource['cicd.pipeline.run.id']).toMatch(/\S/);
      expect(spans.every((s) => s.endUs !== undefined)).toBe(true);
    });
  }

  it('an explicit TRACEPARENT (Buildkite and Jenkins inject one) or --parent wins over the derived job parent', SLOW, () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const env = { ...store.env, ...CI_ENVS.jenkins!('a'), PATH: toolPath(store.dir, store.env.PATH!) };
    bashSync('vstrace run --name injected -- true', { ...env, TRACEPARENT: parent });
    bashSync(`vstrace run --name flagged --parent ${parent.replace('00f067aa0ba902b7', '1111111111111111')} -- true`, env);
    const byName = Object.fromEntries(storedSpans(store.home).map((s) => [s.name, s]));
    expect(byName.injected).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
    expect(byName.flagged).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '1111111111111111' });
    expect(byName.injected!.resource['vstrace.ci.provider']).toBe('jenkins'); // still tagged with the CI facts
  });

  it('with TRACEPARENT injected, ci start/end record nothing (the CI system traces the job): one trace, steps under it', SLOW, () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const env = { ...store.env, ...CI_ENVS.buildkite!('a'), PATH: toolPath(store.dir, store.env.PATH!), TRACEPARENT: parent };
    const start = bashSync('vstrace ci start --pipeline', env);
    expect(start).toMatchObject({ status: 0, stdout: '00f067aa0ba902b7\n', stderr: expect.stringMatching(/^vstrace: warning: TRACEPARENT is set: .*records nothing\n$/) });
    expect(bashSync('vstrace run --name step -- true', env)).toMatchObject({ status: 0, stderr: '' });
    expect(bashSync('vstrace ci end --pipeline --status success', env).status).toBe(0);
    const spans = storedSpans(store.home);
    expect(spans.map((s) => [s.name, s.traceId, s.parentSpanId])).toEqual([['step', '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7']]);
    const doctor = bashSync('vstrace doctor --json', env);
    const ci = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; detail: string }> }).checks.find((c) => c.name === 'ci');
    expect(ci?.detail).toBe("Buildkite: TRACEPARENT is set, so steps join the CI system's trace 4bf92f3577b34da6a3ce929d0e0e4736 under span 00f067aa0ba902b7");
  });

  it('a malformed TRACEPARENT inside CI: a warning, and run and start hang under the job span instead of a new trace', SLOW, () => {
    const env = { ...store.env, ...CI_ENVS.github_actions!('a'), PATH: toolPath(store.dir, store.env.PATH!) };
    expect(bashSync('vstrace ci start --pipeline', env).status).toBe(0);
    const run = bashSync('vstrace run --name stray-run -- true', { ...env, TRACEPARENT: '00-not-a-trace' });
    const start = bashSync('vstrace start --name stray-start', { ...env, TRACEPARENT: '00-not-a-trace' });
    expect(run).toMatchObject({ status: 0, stderr: expect.stringMatching(/^vstrace: warning: TRACEPARENT: .*; this run hangs under the CI job's span instead\n$/) });
    expect(start).toMatchObject({ status: 0, stderr: expect.stringMatching(/^vstrace: warning: TRACEPARENT: .*; this span hangs under the CI job's span instead\n$/) });
    const { rows, spans } = tree();
    expect(rows).toEqual(['deploy (open)', '  build (open)', '    stray-run', '    stray-start (open)']);
    expect(spans[2]!.resource['vstrace.ci.provider']).toBe('github_actions');
  });

  it('ci end in a job whose ci start never ran: a warning, exit 0, nothing recorded (the job stays green)', SLOW, () => {
    const r = bashSync('vstrace ci end --status success --pipeline', { ...store.env, ...CI_ENVS.circleci!('a'), PATH: toolPath(store.dir, store.env.PATH!) });
    expect(r).toMatchObject({
      status: 0,
      stderr: expect.stringMatching(/^vstrace: warning: this job's span \([0-9a-f]{16}\) was never started here: run vstrace ci start in the job's first step; nothing recorded\n$/),
    });
    expect(storedSpans(store.home)).toEqual([]);
  });

  it('vstrace ci outside CI is a one-line usage error', SLOW, () => {
    const r = bashSync('vstrace ci start', { ...store.env, PATH: toolPath(store.dir, store.env.PATH!) });
    expect(r).toMatchObject({ status: 2, stderr: expect.stringMatching(/^vstrace: not inside a CI job: vstrace ci knows GitHub Actions, .*\n$/) });
  });
});

describe('the example pipelines, run step by step with the provider simulated', () => {
  const github = (extra: Record<string, string> = {}) => {
    const path = toolPath(store.dir, store.env.PATH!);
    return runGithubWorkflow((job) => ({ ...store.env, ...CI_ENVS.github_actions!('a'), GITHUB_JOB: job, PATH: path, ...extra }), store.dir);
  };
  /** GitLab numbers every job of the pipeline; the .post jobs end the pipeline's span. */
  const GITLAB_JOB_IDS: Record<string, string> = {
    build: '555001',
    deploy: '555002',
    'pipeline-failed': '555003',
    'pipeline-succeeded': '555004',
    'vstrace-pipeline-failed': '555003',
    'vstrace-pipeline-succeeded': '555004',
  };
  const gitlab = (extra: Record<string, string> = {}, file?: string) => {
    const path = toolPath(store.dir, store.env.PATH!);
    return runGitlabPipeline((job) => ({ ...store.env, ...CI_ENVS.gitlab_ci!('a'), CI_JOB_ID: GITLAB_JOB_IDS[job]!, CI_JOB_NAME: job, PATH: path, ...extra }), store.dir, file);
  };
  const summary = (runs: StepRun[]) => runs.map((r) => `${r.job}/${r.name}:${r.result.status}`);

  it('examples/ci-recipe/github-actions.yml: run → jobs → steps, ids those of the githubreceiver', SLOW, () => {
    expect(summary(github())).toEqual([
      'build/Start tracing:0',
      'build/Build:0',
      'build/Push:0',
      'build/End tracing:0',
      'deploy/Start tracing:0',
      'deploy/Deploy:0',
      'deploy/End tracing:0',
      "end-tracing/End the run's span with the run's outcome:0",
    ]);
    const { rows, spans } = tree();
    expect(rows).toEqual(['deploy', ...JOBS_AND_STEPS, '  end-tracing']);
    const [run, build, , , , deploy] = spans;
    // The workflow's run id and attempt are 9876543210 and 2; the harness gives the jobs check run ids 7000 and 7001.
    expect(run).toMatchObject({ traceId: sha('98765432102t').slice(0, 32), spanId: sha('98765432102s').slice(16, 32) });
    expect(run!.attributes['cicd.pipeline.result']).toBe('success');
    expect(build!.spanId).toBe(sha('7000-j').slice(16, 32));
    expect(deploy!.spanId).toBe(sha('7001-j').slice(16, 32));
    expect(spans.every((s) => s.resource['service.name'] === 'valuestream-api')).toBe(true);
  });

  it('the GitHub workflow with a failing build job: deploy never runs, the last job still ends the run span as an error, under which the trace is whole', SLOW, () => {
    expect(summary(github({ DEMO_FAIL_PUSH: '1' }))).toEqual([
      'build/Start tracing:0',
      'build/Build:0',
      'build/Push:1',
      'build/End tracing:0',
      "end-tracing/End the run's span with the run's outcome:0",
    ]);
    const { rows, spans } = tree();
    expect(rows).toEqual(['deploy ✗', '  build ✗', '    build: docker build', '    push: docker tag', '    push: docker push ✗', '  end-tracing ✗']);
    const [run] = spans;
    expect(run).toMatchObject({ spanId: sha('98765432102s').slice(16, 32), status: { code: 'error' }, attributes: { 'cicd.pipeline.result': 'failure' } });
    expect(run!.parentSpanId).toBeUndefined();
    expect(spans.every((s) => s.endUs !== undefined)).toBe(true);
  });

  it('examples/ci-recipe/gitlab-ci.yml: pipeline → jobs → script lines', SLOW, () => {
    expect(summary(gitlab())).toEqual(['build/script:0', 'build/after_script:0', 'deploy/script:0', 'deploy/after_script:0', 'pipeline-succeeded/script:0']);
    const { rows, spans } = tree();
    expect(rows).toEqual(['valuestream/api', ...JOBS_AND_STEPS, '  pipeline-succeeded']);
    expect(spans[0]!.attributes['cicd.pipeline.result']).toBe('success');
  });

  it("examples/gitlab-ci/.gitlab-ci.yml with the vstrace component: the pipeline span from CI_PIPELINE_CREATED_AT encloses its jobs, each job's report an artifact", SLOW, () => {
    const created = new Date(Date.now() - 5_000).toISOString();
    expect(summary(gitlab({ CI_PIPELINE_CREATED_AT: created }, 'gitlab-ci/.gitlab-ci.yml'))).toEqual([
      'build/script:0',
      'build/after_script:0',
      'deploy/script:0',
      'deploy/after_script:0',
      'vstrace-pipeline-succeeded/script:0',
    ]);
    const { rows, spans } = tree();
    expect(rows).toEqual(['valuestream/api', ...JOBS_AND_STEPS, '  vstrace-pipeline-succeeded']);
    const [pipeline] = spans;
    expect(pipeline!.startUs).toBe(Date.parse(created) * 1000);
    expect(pipeline!.attributes['cicd.pipeline.result']).toBe('success');
    for (const span of spans) expect(span.startUs >= pipeline!.startUs && span.endUs! <= pipeline!.endUs!, span.name).toBe(true);
    expect(readFileSync(join(store.dir, 'vstrace-report.html'), 'utf8')).toContain('docker push');
  });

  it('the component pipeline with a failing job: its job span fails, deploy never runs, the .post stage ends the pipeline as failed', SLOW, () => {
    expect(summary(gitlab({ DEMO_FAIL_PUSH: '1' }, 'gitlab-ci/.gitlab-ci.yml'))).toEqual(['build/script:1', 'build/after_script:0', 'vstrace-pipeline-failed/script:0']);
    const { rows, spans } = tree();
    expect(rows).toEqual(['valuestream/api ✗', '  build ✗', '    build: docker build', '    push: docker tag', '    push: docker push ✗', '  vstrace-pipeline-failed ✗']);
    expect(spans[1]!.attributes['cicd.pipeline.task.run.result']).toBe('failure');
    expect(spans[0]).toMatchObject({ status: { code: 'error' }, attributes: { 'cicd.pipeline.result': 'failure' } });
  });

  it('the GitLab pipeline with a failing build job: deploy is skipped, the .post stage ends the pipeline span as an error, under which the trace is whole', SLOW, () => {
    expect(summary(gitlab({ DEMO_FAIL_PUSH: '1' }))).toEqual(['build/script:1', 'build/after_script:0', 'pipeline-failed/script:0']);
    const { rows, spans } = tree();
    expect(rows).toEqual(['valuestream/api ✗', '  build ✗', '    build: docker build', '    push: docker tag', '    push: docker push ✗', '  pipeline-failed ✗']);
    const [run] = spans;
    expect(run).toMatchObject({ status: { code: 'error' }, attributes: { 'vstrace.type': 'pipeline', 'cicd.pipeline.result': 'failure' } });
    expect(run!.parentSpanId).toBeUndefined();
    expect(spans.every((s) => s.endUs !== undefined)).toBe(true);
  });
});
