import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupTraces, treeRows } from '../../src/trace/traces.ts';
import { storedSpans } from '../support/cli.ts';
import { CI_ENVS } from '../support/ci-envs.ts';
import { useTempStore } from '../support/env.ts';
import { spawnCollect, spooled, useReceivers } from '../support/export.ts';

const DEMO = fileURLToPath(new URL('../../scripts/demo.sh', import.meta.url));
const USER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const store = useTempStore();
const startReceiver = useReceivers();

/**
 * `npm run demo` from a user's shell that is set up to trace and export:
 * their own store, settings and trace context, inside a CI job. The demo
 * must neither use nor feed any of it.
 */
async function runDemo(userEnv: Record<string, string>) {
  const demoHome = join(store.dir, 'demo');
  const userHome = join(store.dir, 'user-store');
  const env = {
    ...store.env,
    VSTRACE_HOME: userHome,
    VSTRACE_DEMO_HOME: demoHome,
    TRACEPARENT: `00-${USER_TRACE}-00f067aa0ba902b7-01`,
    OTEL_SERVICE_NAME: 'users-own-service',
    VSTRACE_TAGS: 'team=users-own',
    ...userEnv,
  };
  const result = await spawnCollect('bash', [DEMO], env, 110_000);
  expect(result).toMatchObject({ status: 0, stderr: '' });
  expect(existsSync(userHome)).toBe(false);
  expect(spooled(demoHome)).toEqual([]);
  return groupTraces(storedSpans(demoHome));
}

/** The demo's own four deploys: four traces of their own, each rooted at the pipeline, none from the user's context. */
function expectDemosOwnTraces(traces: ReturnType<typeof groupTraces>): void {
  expect(traces).toHaveLength(4);
  for (const trace of traces) {
    const [root, ...children] = treeRows(trace).map((r) => r.span);
    expect(root!.name).toBe('pipeline: deploy-api.sh');
    expect(root!.parentSpanId).toBeUndefined();
    expect(children.every((s) => s.traceId === root!.traceId && s.parentSpanId === root!.spanId)).toBe(true);
  }
  const spans = traces.flatMap((t) => t.spans);
  expect(spans.some((s) => s.traceId === USER_TRACE)).toBe(false);
  // The service is the demo's own (its pipeline's service=api tag names it), never the user's OTEL_SERVICE_NAME.
  for (const trace of traces) expect(trace.root.resource['service.name']).toBe('api');
  expect(spans.every((s) => ['api', 'vstrace'].includes(String(s.resource['service.name'])) && s.resource['vstrace.ci.provider'] === undefined && s.attributes.team === undefined)).toBe(true);
}

describe('npm run demo is hermetic', () => {
  it('with an OTLP endpoint, a TRACEPARENT and a GitHub Actions run in the environment: nothing exported, four traces of its own', async () => {
    const receiver = await startReceiver('http');
    const traces = await runDemo({ ...CI_ENVS.github_actions!('a'), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '5000' });
    expectDemosOwnTraces(traces);
    expect(receiver.requests).toEqual([]);
  });

  it('with the file exporter and a GitLab CI job in the environment: the file is never written', async () => {
    const file = join(store.dir, 'exported.jsonl');
    expectDemosOwnTraces(await runDemo({ ...CI_ENVS.gitlab_ci!('a'), VSTRACE_EXPORTER: 'file', VSTRACE_EXPORT_FILE: file }));
    expect(existsSync(file)).toBe(false);
  });
});
