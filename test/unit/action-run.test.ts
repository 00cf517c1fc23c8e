import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isLastJob, jobResult, jobSpan, runSpan, stepSpans, stepSpanIdOf, type ApiJob } from '../../src/action/github-run.ts';
import { readInputs } from '../../src/action/inputs.ts';
import { goldenLine, renderSummary } from '../../src/action/summary.ts';
import { spanIdFrom } from '../../src/trace/hash.ts';
import { summarize } from '../../src/trace/traces.ts';
import { traceUrl } from '../../src/view/trace-url.ts';
import { parseKeyValues } from '../support/actions-runner.ts';
import { makeSpan } from '../support/spans.ts';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const ids = { traceId: 'a'.repeat(32), runSpanId: 'b'.repeat(16) };
const base = { ids, resource: { 'service.name': 'api' }, nowUs: (T0 + 100_000) * 1000 };

const job = (o: Partial<ApiJob> & { id: number }): ApiJob => ({ name: `job${o.id}`, status: 'completed', conclusion: 'success', started_at: iso(0), completed_at: iso(10), steps: [], ...o });
const step = (name: string, conclusion: string | null, from: number, to: number | null) => ({
  name,
  number: 1,
  status: to === null ? 'in_progress' : 'completed',
  conclusion,
  started_at: iso(from),
  completed_at: to === null ? null : iso(to),
});

describe('a GitHub run from its REST documents', () => {
  it('names job and step spans as the githubreceiver does', () => {
    expect(jobSpan(job({ id: 42 }), base).spanId).toBe(spanIdFrom('42-j'));
    expect(stepSpanIdOf(42, 'Build')).toBe(spanIdFrom('42-Build-s'));
  });

  it("takes a job's result from its conclusion, else from its steps so far", () => {
    expect(jobResult(job({ id: 1 }))).toBe('success');
    expect(jobResult(job({ id: 1, status: 'in_progress', conclusion: null, steps: [step('a', 'success', 0, 1), step('b', 'failure', 1, 2)] }))).toBe('failure');
    expect(jobResult(job({ id: 1, status: 'in_progress', conclusion: null, steps: [step('a', 'cancelled', 0, 1)] }))).toBe('cancelled');
    expect(jobResult(job({ id: 1, conclusion: 'timed_out' }))).toBe('failure');
    expect(jobResult(job({ id: 1, status: 'queued', conclusion: null, started_at: null, completed_at: null }))).toBe('skipped');
  });

  it('lets exactly one of the jobs finishing together record the run span', () => {
    const finishing = (id: number) => job({ id, status: 'in_progress', conclusion: null, completed_at: null, steps: [step('Build', 'success', 0, 5), step('Post Run x/vstrace@v1', null, 5, null)] });
    const jobs = [finishing(7), finishing(9), job({ id: 3 })];
    expect([7, 9].map((id) => isLastJob(jobs, id))).toEqual([false, true]);
    const running = job({ id: 8, status: 'in_progress', conclusion: null, completed_at: null, steps: [step('Test', null, 0, null)] });
    expect(isLastJob([finishing(9), running], 9)).toBe(false);
  });

  it('counts jobs that never started as done only once this job failed (they need it, so they will be skipped)', () => {
    const queued = job({ id: 12, status: 'queued', conclusion: null, started_at: null, completed_at: null });
    expect(isLastJob([job({ id: 11 }), queued], 11, 'success')).toBe(false);
    expect(isLastJob([job({ id: 11 }), queued], 11, 'failure')).toBe(true);
    expect(isLastJob([job({ id: 11 }), queued], 11, 'cancelled')).toBe(true);
  });

  it('draws the run span from run_started_at to the end of its last child, never shorter than a child', () => {
    const jobs = [job({ id: 1, started_at: iso(5), completed_at: iso(40) }), job({ id: 2, started_at: iso(-3), completed_at: iso(20) })];
    const late = makeSpan({ trace: ids.traceId, span: 'c1', parent: ids.runSpanId, startUs: (T0 + 1_000) * 1000, durationUs: 500_000_000 });
    const span = runSpan({ ...base, nowUs: (T0 + 50_000) * 1000, run: { id: 1, name: 'deploy', run_started_at: iso(0) }, jobs, selfId: 1, selfResult: 'failure', children: [late] });
    expect(span.startUs).toBe((T0 - 3_000) * 1000); // a job the API says started before the run: the run starts with it
    expect(span.endUs).toBe(late.endUs);
    expect(span.status.code).toBe('error');
    expect(span.attributes['cicd.pipeline.result']).toBe('failure');
    expect(span.links).toBeUndefined();
    const retried = runSpan({
      ...base,
      run: { id: 1, run_started_at: iso(0) },
      jobs,
      selfId: 1,
      selfResult: 'success',
      children: [],
      previous: { traceId: 'c'.repeat(32), runSpanId: 'd'.repeat(16) },
    });
    expect(retried.links).toEqual([{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16) }]);
  });

  it('records the steps that ran, a running one ending now, skipped ones not at all', () => {
    const spans = stepSpans(job({ id: 5, steps: [step('Build', 'failure', 1, 2), step('Lint', 'skipped', 2, 2), step('Post', null, 2, null)] }), base);
    expect(spans.map((s) => [s.name, s.status.code, s.endUs])).toEqual([
      ['Build', 'error', (T0 + 2_000) * 1000],
      ['Post', 'ok', base.nowUs],
    ]);
    expect(spans.every((s) => s.parentSpanId === spanIdFrom('5-j'))).toBe(true);
  });
});

describe('the job summary', () => {
  const trace = 'e'.repeat(32);
  it('folds a job of 500 commands as show does and says its golden signals', () => {
    const root = makeSpan({ trace, span: 'r', name: 'build', type: 'job', startUs: 0, durationUs: 600_000_000 });
    const commands = Array.from({ length: 500 }, (_, i) =>
      makeSpan({ trace, span: `c${i}`, parent: root.spanId, name: `step ${i}`, startUs: i * 1_000_000, durationUs: i === 77 ? 9_000_000 : 900_000, exit: i === 3 ? 1 : 0 }),
    );
    const md = renderSummary({ trace: summarize(trace, [root, ...commands]), jobName: 'build', result: 'failure', notes: ['no token'], maxRows: 60, nowUs: 1e9 });
    const lines = md.split('\n');
    expect(lines.length).toBeLessThan(90);
    expect(md).toContain('500 commands · 1 failed · slowest: ` step 77 ` (9.00s)');
    expect(md).toMatch(/⋯ \d+ more/);
    expect(md).toContain('> no token');
  });

  it('keeps names that hold backticks and Markdown inside their code', () => {
    const root = makeSpan({ trace, span: 'r', name: 'run `x` | *y*', startUs: 0, durationUs: 1000 });
    expect(goldenLine([root], 0)).toContain('`` run `x` | *y* ``');
    const md = renderSummary({
      trace: summarize(trace, [makeSpan({ trace, span: 'r', name: 'a ``` b', startUs: 0, durationUs: 1 })]),
      jobName: 'j*b',
      result: 'success',
      notes: [],
      maxRows: 60,
      nowUs: 1,
    });
    expect(md).toContain('````text');
    expect(md).toContain('j\\*b');
  });
});

describe('action inputs and file commands', () => {
  it('declares in action.yml exactly the inputs the action reads, each with a description', () => {
    const meta = yaml.load(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, { description?: string }>; runs: Record<string, string> };
    const read = new Set<string>();
    readInputs((name) => (read.add(name), ''));
    read.add('github-token').add('check-run-id'); // read by readInputs too, only when set
    expect(Object.keys(meta.inputs).sort()).toEqual([...read].sort());
    for (const [name, input] of Object.entries(meta.inputs)) expect(input.description?.length ?? 0, name).toBeGreaterThan(20);
    expect(meta.runs).toMatchObject({ using: 'node24', main: 'action/main.js', post: 'action/post.js', 'post-if': 'always()' });
  });

  it('normalises inputs with defaults, and names a bad one', () => {
    const given: Record<string, string> = { tags: 'team=infra, env=ci\nowner=me', 'summary-rows': '3', 'flush-timeout': '2m', summary: 'false' };
    const { inputs, problems } = readInputs((name) => given[name] ?? '');
    expect(inputs).toEqual({ tags: ['team=infra', 'env=ci', 'owner=me'], summary: false, summaryRows: 60, flushTimeoutMs: 120_000 });
    expect(problems).toEqual(['summary-rows: "3" is not a whole number of rows of 5 or more; using 60']);
  });

  it("reads both forms of the runner's file commands, and refuses a broken one", () => {
    expect(parseKeyValues('A=1\nB<<EOF_x\nline 1\nline=2\nEOF_x\nC=\n')).toEqual({ A: '1', B: 'line 1\nline=2', C: '' });
    expect(() => parseKeyValues('B<<EOF\nno end\n')).toThrow(/unterminated/);
  });
});

describe('links to a trace', () => {
  it("fills a template, or completes a base URL with the preset's trace path", () => {
    expect(traceUrl(undefined, 'jaeger', 'ab')).toBeUndefined();
    expect(traceUrl('http://jaeger:16686/', 'jaeger', 'ab')).toBe('http://jaeger:16686/trace/ab');
    expect(traceUrl('https://ui.honeycomb.io/t/environments/e', 'honeycomb', 'ab')).toBe('https://ui.honeycomb.io/t/environments/e/trace?trace_id=ab');
    expect(traceUrl('https://app.example/x?id={traceId}&a=1', 'lightstep', 'ab')).toBe('https://app.example/x?id=ab&a=1');
    expect(traceUrl('https://grafana', 'tempo', 'ab')).toMatch(/^https:\/\/grafana\/explore\?.*ab/);
  });
});
