import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiJob, ApiStep } from '../../src/action/github-run.ts';
import { githubRunIds } from '../../src/ci/providers/github.ts';
import { spanIdFrom } from '../../src/trace/hash.ts';
import { SimulatedJob } from '../support/actions-runner.ts';
import { BIN_DIR, storedSpans } from '../support/cli.ts';
import { cleanEnv, tempDir } from '../support/env.ts';
import { useReceivers } from '../support/export.ts';
import type { ReceivedSpan } from '../support/otlp-receiver.ts';

/**
 * The GitHub Action as the runner runs it: `node action/main.js` and
 * `node action/post.js` with INPUT_* variables and the file commands applied
 * between steps (support/actions-runner.ts), GITHUB_API_URL at a local server
 * answering the documented REST shapes (a run, its attempt's jobs with steps),
 * each job on a machine of its own (its own store), all exporting to one real
 * OTLP receiver.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'action/main.js');
const POST = join(ROOT, 'action/post.js');
const TOKEN = 'ghs_test_token_0123456789';
const RUN_ID = '9100000001';
const iso = (ms: number) => new Date(ms).toISOString();

type Step = ApiStep;
/** A job as the jobs endpoint returns it: every field the action may read is present. */
type Job = ApiJob & { created_at: string; runner_name: string | null; html_url: string; steps: Step[] };

/** The REST API of one run, whose jobs the test moves along as the simulated runners work. */
class FakeApi {
  readonly jobs: Job[] = [];
  requests = 0;
  unauthorized = 0;
  private server!: Server;
  constructor(
    readonly run: Record<string, unknown>,
    readonly attempt: number,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.requests++;
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        this.unauthorized++;
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
        return;
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const base = `/repos/valuestream/api/actions/runs/${RUN_ID}`;
      const body = path === base ? this.run : path === `${base}/attempts/${this.attempt}/jobs` ? { total_count: this.jobs.length, jobs: this.jobs } : undefined;
      if (!body) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close = () => new Promise<void>((resolve) => this.server.close(() => resolve()));
}

const step = (name: string, number: number, startMs: number, endMs: number | null, conclusion: string | null = 'success'): Step => ({
  name,
  number,
  status: endMs === null ? 'in_progress' : 'completed',
  conclusion: endMs === null ? null : conclusion,
  started_at: iso(startMs),
  completed_at: endMs === null ? null : iso(endMs),
});

const ACTION_STEP = 'Run valuestream/vstrace@v1';
/** Post's account of `vstrace flush --wait`: what it delivered, or that a background flusher had already. */
const FLUSHED = /^vstrace: (.*: delivered \d+, 0 queued|nothing queued for export)$/m;

describe('the GitHub Action', () => {
  const receiver = useReceivers();
  let dir: ReturnType<typeof tempDir>;
  let api: FakeApi;
  beforeEach(() => {
    dir = tempDir('vstrace-action-');
  });
  afterEach(async () => {
    await api?.close();
    dir.cleanup();
  });

  const jobEnv = (machine: string, job: string, apiUrl: string, endpoint: string, attempt = 1) =>
    cleanEnv({
      VSTRACE_HOME: join(dir.path, machine, 'store'),
      VSTRACE_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      VSTRACE_UI_URL: 'http://jaeger.example:16686',
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: RUN_ID,
      GITHUB_RUN_ATTEMPT: String(attempt),
      GITHUB_JOB: job,
      GITHUB_WORKFLOW: 'deploy',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'valuestream/api',
      GITHUB_SHA: '4bf92f3577b34da6a3ce929d0e0e4736aaaaaaaa',
      GITHUB_API_URL: apiUrl,
      RUNNER_NAME: `runner-${machine}`,
    });

  const inputs = (checkRunId: string, token = TOKEN) => ({ 'github-token': token, 'check-run-id': checkRunId, tags: '', summary: 'true', 'summary-rows': '60', 'flush-timeout': '20s' });

  /** One job: the action's main, the user's steps (each timed for the API's step list), the action's post. */
  async function runJob(job: SimulatedJob, apiJob: Job, stepsToRun: Array<{ name: string; script: string }>, checkRunId: string, token = TOKEN) {
    apiJob.status = 'in_progress';
    apiJob.started_at = iso(Date.now());
    apiJob.runner_name = job.env.RUNNER_NAME!;
    apiJob.steps.push(step('Set up job', 1, Date.now(), Date.now()));
    let t = Date.now();
    const main = await job.runMain(MAIN, inputs(checkRunId, token));
    expect(main.status, main.stderr).toBe(0);
    apiJob.steps.push(step(ACTION_STEP, 2, t, Date.now()));
    for (const [i, s] of stepsToRun.entries()) {
      t = Date.now();
      const out = await job.runScript(s.script);
      apiJob.steps.push(step(s.name, 3 + i, t, Date.now(), out.status === 0 ? 'success' : 'failure'));
      if (out.status !== 0) break;
    }
    apiJob.steps.push(step(`Post ${ACTION_STEP}`, 90, Date.now(), null));
    const post = await job.runPost(POST, inputs(checkRunId, token));
    expect(post.status, post.stderr).toBe(0);
    expect(`${main.stdout}${post.stdout}`, 'no warning from the action').not.toMatch(/::warning::/);
    apiJob.steps.at(-1)!.status = 'completed';
    apiJob.steps.at(-1)!.conclusion = 'success';
    apiJob.steps.at(-1)!.completed_at = iso(Date.now());
    apiJob.status = 'completed';
    apiJob.conclusion = apiJob.steps.some((s) => s.conclusion === 'failure') ? 'failure' : 'success';
    apiJob.completed_at = iso(Date.now());
    return { main, post };
  }

  const newJob = (id: number, name: string): Job => ({
    id,
    name,
    status: 'queued',
    conclusion: null,
    created_at: iso(Date.now()),
    started_at: null,
    completed_at: null,
    runner_name: null,
    html_url: `https://github.com/valuestream/api/actions/runs/${RUN_ID}/job/${id}`,
    steps: [],
  });

  const inside = (child: ReceivedSpan, parent: ReceivedSpan) => child.startUs >= parent.startUs && child.endUs <= parent.endUs;

  it('gives a three-job workflow (build, a failing test, deploy skipped) one trace whose run span encloses every job, each with its real result', async () => {
    const otlp = await receiver('http');
    const runStartedMs = Date.now() - 3_000;
    api = new FakeApi({ id: Number(RUN_ID), name: 'deploy', run_attempt: 1, run_started_at: iso(runStartedMs), html_url: `https://github.com/valuestream/api/actions/runs/${RUN_ID}` }, 1);
    const apiUrl = await api.start();
    const [build, test, deploy] = [newJob(501, 'build'), newJob(502, 'test'), newJob(503, 'deploy')];
    api.jobs.push(build, test, deploy);

    const buildJob = new SimulatedJob(jobEnv('a', 'build', apiUrl, otlp.url), dir.path);
    const buildRun = await runJob(buildJob, build, [{ name: 'Build', script: 'vstrace run --type=build -- sh -c "sleep 0.2"' }], '501');
    const testJob = new SimulatedJob(jobEnv('b', 'test', apiUrl, otlp.url), dir.path);
    const testRun = await runJob(testJob, test, [{ name: 'Test', script: 'vstrace run --type=test -- sh -c "exit 3"' }], '502');

    // main put the bundled CLI on PATH and passed the check run id on to later steps
    expect(buildJob.paths).toContain(BIN_DIR);
    expect(buildJob.env.VSTRACE_CHECK_RUN_ID).toBe('501');
    const { traceId, runSpanId } = githubRunIds(RUN_ID, '1');
    expect(buildJob.outputs['trace-id']).toBe(traceId);
    expect(testJob.outputs['trace-url']).toBe(`http://jaeger.example:16686/trace/${traceId}`);
    expect(api.unauthorized).toBe(0);

    const spans = otlp.spans;
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    expect(byId.size, 'each span delivered once').toBe(spans.length);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));

    const run = byId.get(runSpanId)!;
    expect(run, 'the run span').toBeDefined();
    expect(run.parentSpanId).toBeUndefined();
    expect(run.startUs).toBe(runStartedMs * 1000);
    expect(run.attributes['cicd.pipeline.result']).toBe('failure');
    expect(run.status.code).toBe(2);

    const jobs = [501, 502, 503].map((id) => byId.get(spanIdFrom(`${id}-j`))!);
    expect(jobs.map((j) => j?.name)).toEqual(['build', 'test', 'deploy']);
    expect(jobs.map((j) => j.attributes['cicd.pipeline.task.run.result'])).toEqual(['success', 'failure', 'skip']);
    expect(jobs.map((j) => j.status.code)).toEqual([1, 2, 0]);
    for (const job of jobs) expect(job.parentSpanId).toBe(runSpanId);

    // the steps vstrace did not wrap, with the githubreceiver's ids, under their job
    const buildStep = byId.get(spanIdFrom('501-Build-s'))!;
    expect(buildStep.parentSpanId).toBe(jobs[0]!.spanId);
    expect(byId.get(spanIdFrom('502-Test-s'))!.status.code).toBe(2);
    const commands = spans.filter((s) => s.attributes['vstrace.type'] === 'build' || s.attributes['vstrace.type'] === 'test');
    expect(commands.map((c) => c.parentSpanId).sort()).toEqual([jobs[0]!.spanId, jobs[1]!.spanId].sort());

    // every child within its parent's interval
    for (const span of spans) {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      if (span.parentSpanId) expect(parent, `parent of ${span.name}`).toBeDefined();
      if (parent) expect(inside(span, parent), `${span.name} inside ${parent.name}`).toBe(true);
    }

    // the job summary: result, golden signals, link, the waterfall with the failure marked
    expect(buildRun.post.stderr).not.toMatch(/could not/);
    for (const { post } of [buildRun, testRun]) expect(post.stdout, 'what post says of its flush').toMatch(FLUSHED);
    expect(buildJob.summary).toContain('### vstrace · build · ✅ success');
    expect(testJob.summary).toContain('### vstrace · test · ❌ failure');
    expect(testJob.summary).toMatch(/1 command · 1 failed · slowest: ` test: sh/);
    expect(testJob.summary).toContain(`[open the trace](http://jaeger.example:16686/trace/${traceId})`);
    expect(testJob.summary).toMatch(/```text\ntrace [0-9a-f]{32}/);
    expect(testJob.summary).toMatch(/test: sh .*exit 3/);
    expect(testRun.post.stderr).not.toMatch(/could not/);
  });

  it('without a token ends the job with the result its traced commands give, records no run span, and says what could not be known', async () => {
    const otlp = await receiver('http');
    api = new FakeApi({ id: Number(RUN_ID) }, 1);
    const apiUrl = await api.start();
    const job = new SimulatedJob(jobEnv('a', 'build', apiUrl, otlp.url), dir.path);
    const main = await job.runMain(MAIN, inputs('601', ''));
    expect(main.status, main.stderr).toBe(0);
    expect((await job.runScript('vstrace run --type=build -- sh -c "exit 2"')).status).toBe(2);
    const post = await job.runPost(POST, inputs('601', ''));
    expect(post.status, post.stderr).toBe(0);
    expect(api.requests).toBe(0);
    const { runSpanId } = githubRunIds(RUN_ID, '1');
    expect(otlp.spans.find((s) => s.spanId === runSpanId)).toBeUndefined();
    const jobSpan = otlp.spans.find((s) => s.spanId === spanIdFrom('601-j'))!;
    expect(post.stdout, 'what post says of its flush').toMatch(FLUSHED);
    expect(jobSpan, 'the job span, delivered by post').toBeDefined();
    expect(jobSpan.attributes['cicd.pipeline.task.run.result']).toBe('failure');
    expect(job.summary).toContain('> No GitHub token (input github-token)');
    expect(job.summary).toContain('❌ failure');
  });

  it('ends a cancelled job as cancelled, and links a retried run to its previous attempt', async () => {
    const otlp = await receiver('http');
    api = new FakeApi({ id: Number(RUN_ID), name: 'deploy', run_attempt: 2, run_started_at: iso(Date.now() - 1_000) }, 2);
    const apiUrl = await api.start();
    const only = newJob(701, 'deploy');
    api.jobs.push(only);
    const env = jobEnv('a', 'deploy', apiUrl, otlp.url, 2);
    const job = new SimulatedJob(env, dir.path);
    only.status = 'in_progress';
    only.started_at = iso(Date.now());
    expect((await job.runMain(MAIN, inputs('701'))).status).toBe(0);
    // the runner cancelled the step that was running; post still runs
    only.steps.push(step('Deploy', 3, Date.now() - 50, Date.now(), 'cancelled'), step(`Post ${ACTION_STEP}`, 90, Date.now(), null));
    const post = await job.runPost(POST, inputs('701'));
    expect(post.status, post.stderr).toBe(0);
    expect(post.stdout).not.toMatch(/warning/);

    const jobSpan = otlp.spans.find((s) => s.spanId === spanIdFrom('701-j'))!;
    expect(post.stdout, 'what post says of its flush').toMatch(FLUSHED);
    expect(jobSpan, 'the job span, delivered by post').toBeDefined();
    expect(jobSpan.attributes['cicd.pipeline.task.run.result']).toBe('cancellation');
    const { traceId, runSpanId } = githubRunIds(RUN_ID, '2');
    const previous = githubRunIds(RUN_ID, '1');
    expect(jobSpan.traceId).toBe(traceId);
    const stored = storedSpans(env.VSTRACE_HOME!).find((s) => s.spanId === runSpanId)!;
    expect(stored.links).toEqual([{ traceId: previous.traceId, spanId: previous.runSpanId }]);
    expect(otlp.spans.find((s) => s.spanId === runSpanId)!.links, 'the link as exported').toEqual(stored.links);
    expect(stored.attributes['cicd.pipeline.result']).toBe('cancellation');
    expect(job.summary).toContain('⏹️ cancelled');
  });
});
