import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { flusherPids, spooled, useReceivers, vstrace } from '../support/export.ts';
import type { Fault, OtlpReceiver } from '../support/otlp-receiver.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The fault matrix: the backend misbehaves, then recovers, and every span
 * arrives exactly once. Runs are steps inside a pipeline (they have a parent),
 * so none waits for delivery; `vstrace flush --wait` then drains on demand.
 */
const store = useTempStore();
const startReceiver = useReceivers();
let receiver: OtlpReceiver | undefined;

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function exportEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver!.url, TRACEPARENT, ...extra };
}

async function runSteps(n: number, env: Record<string, string>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await vstrace(['run', '--name', `step ${i}`, '--', 'sh', '-c', `exit ${i % 3}`], env);
    expect(r.status).toBe(i % 3); // export trouble never changes the outcome
  }
}

function expectExactlyOnce(): void {
  const sent = receiver!.spans.map((s) => s.spanId).sort();
  const recorded = storedSpans(store.home).map((s) => s.spanId).sort();
  expect(new Set(sent).size).toBe(sent.length);
  expect(sent).toEqual(recorded);
}

async function recoverAndFlush(env: Record<string, string>): Promise<void> {
  const flush = await vstrace(['flush', '--wait', '--timeout', '40000'], env);
  expect(flush.stdout).toMatch(/0 queued/);
  expect(flush.status).toBe(0);
  await waitFor(() => spooled(store.home).length === 0, 'an empty spool', 60_000);
}

describe.each([
  ['500', { status: 500 } as Fault, 1_000],
  ['429 with Retry-After', { status: 429, retryAfterSeconds: 1 } as Fault, 3],
  ['connection reset', 'reset' as Fault, 3],
  ['hanging (no answer within the timeout)', 'hang' as Fault, 2],
] as const)('collector answering %s, then recovering', (_name, fault, times) => {
  test('every span arrives exactly once', async () => {
    receiver = await startReceiver('http');
    receiver.failNext(fault, times);
    const env = exportEnv({ OTEL_EXPORTER_OTLP_TIMEOUT: '1500' });
    await runSteps(4, env);
    await waitFor(() => receiver!.faulted > 0, 'the fault to be hit', 60_000);
    receiver.recover();
    await recoverAndFlush(env);
    expectExactlyOnce();
  });
});

test('collector down (connection refused), then up: nothing lost, nothing twice', async () => {
  receiver = await startReceiver('http');
  await receiver.down();
  const env = exportEnv();
  await runSteps(4, env);
  expect(spooled(store.home)).toHaveLength(4);
  const before = await vstrace(['flush'], env);
  expect(before.status).toBe(1);
  expect(before.stdout).toMatch(/4 queued/);
  await receiver.up();
  await recoverAndFlush(env);
  expectExactlyOnce();
});

test('gRPC: UNAVAILABLE then recovery, exactly once', async () => {
  receiver = await startReceiver('grpc');
  receiver.failNext('reset', 2);
  const env = exportEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
  await runSteps(3, env);
  await recoverAndFlush(env);
  expectExactlyOnce();
});

test('a flusher killed mid-batch loses nothing; its dead lock does not block the next', async () => {
  receiver = await startReceiver('http');
  receiver.failNext('hang', 1);
  const env = exportEnv({ OTEL_EXPORTER_OTLP_TIMEOUT: '30000' });
  await runSteps(5, env);
  await waitFor(() => receiver!.faulted === 1 && flusherPids(store.home).length === 1, 'a flusher stuck mid-batch', 60_000);
  for (const pid of flusherPids(store.home)) process.kill(pid, 'SIGKILL');
  await waitFor(() => flusherPids(store.home).length === 0, 'the flusher gone', 60_000);
  expect(spooled(store.home)).toHaveLength(5);
  await recoverAndFlush(env);
  expectExactlyOnce();
});

test('a root span waits for its trace, so a CI job that ends right after still exports', async () => {
  receiver = await startReceiver('http');
  // A long bound, so a loaded machine cannot make the wait time out: the root returns once its trace is delivered.
  const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '60000' };
  // The pipeline's steps are children; the pipeline itself is the root and ends last.
  const r = await vstrace(['run', '--verbose', '--type', 'pipeline', '--shell', '--', `${VSTRACE} run -- true && ${VSTRACE} run -- sh -c 'exit 2'; true`], env);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/delivered trace [0-9a-f]{32} to otlp/);
  // No waiting here: by the time the root's vstrace returned, the whole trace was delivered.
  expect(receiver.spans).toHaveLength(3);
  expectExactlyOnce();
});

test('a root span with the collector down: bounded wait, exit status unchanged, reported with --verbose', async () => {
  receiver = await startReceiver('http');
  await receiver.down();
  // However long the bound, the root stops waiting once a delivery attempt of its trace has failed.
  const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '500', VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '60000' };
  const r = await vstrace(['run', '--verbose', '--', 'sh', '-c', 'exit 7'], env);
  expect(r.status).toBe(7);
  expect(r.stderr).toMatch(/export to otlp .* is failing: .*ECONNREFUSED.*; 1 spans kept queued/);
  expect(spooled(store.home)).toHaveLength(1);
  await receiver.up();
  await recoverAndFlush(env);
  expectExactlyOnce();
});

test('1,000 runs under xargs -P 8, collector down for the first half: 1,000 delivered, 0 duplicates', async () => {
  receiver = await startReceiver('http');
  await receiver.down();
  const env = exportEnv();
  const batch = (from: number) =>
    new Promise<number | null>((resolve) => {
      const line = `seq ${from} ${from + 499} | xargs -P 8 -I{} "${VSTRACE}" run --name 'job {}' -- true`;
      spawn('bash', ['-c', line], { env, stdio: 'ignore' }).on('close', resolve);
    });
  expect(await batch(1)).toBe(0);
  await receiver.up();
  expect(await batch(501)).toBe(0);
  const flush = await vstrace(['flush', '--wait', '--timeout', '60000'], env);
  expect(flush.status).toBe(0);
  await waitFor(() => receiver!.spans.length >= 1000, '1,000 spans at the receiver', 120_000);
  expect(storedSpans(store.home)).toHaveLength(1000);
  expectExactlyOnce();
  expect(new Set(receiver.spans.map((s) => s.name)).size).toBe(1000);
}, 400_000);
