import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { storedSpans, VSTRACE, type CliResult } from '../support/cli.ts';
import { useCerts } from '../support/certs.ts';
import { useTempStore } from '../support/env.ts';
import { flusherPids, killFlushers, spawnCollect, spooled, useReceivers, vstrace as vstraceCli } from '../support/export.ts';
import type { Fault, OtlpReceiver } from '../support/otlp-receiver.ts';
import { STALLED_ATTEMPT_MS } from '../../src/export/wait-rule.ts';
import { waitFor } from '../support/wait.ts';
import { faultScenario, useFigures } from './support/figures.ts';

/**
 * The export fault matrix: the backend misbehaves — refuses, hangs, answers
 * 500 or 429, drops the connection (after the request or mid-body), fails the
 * TLS handshake, cannot be resolved — and for each: every command's status and
 * output are those of the bare command, `vstrace flush` names the failure, and
 * once the backend is healthy every span arrives exactly once. Runs are steps
 * inside a pipeline (they have a parent), so none waits for delivery.
 */
const store = useTempStore();
const startReceiver = useReceivers();
const figures = useFigures('export-faults');
const fault = (name: string, body: () => Promise<void>) => faultScenario(figures, name, body);
let receiver: OtlpReceiver | undefined;

/**
 * Spans a scenario must find, counted from the `vstrace run`s it issued (each
 * records one span), never from what the store holds: "0 lost" can then fail.
 */
let issued = 0;
beforeEach(() => {
  issued = 0;
});
type Runner = (args: string[], env: Record<string, string>) => Promise<CliResult>;
const counted =
  (run: Runner): Runner =>
  (args, env) => {
    if (args[0] === 'run') issued += 1;
    return run(args, env);
  };
const vstrace = counted(vstraceCli);

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
/** A persistent fault: every request until recover(). */
const ALWAYS = 100_000;

/** A short export timeout: a background flusher mid-request yields to `vstrace flush` within it. */
function exportEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver!.url, OTEL_EXPORTER_OTLP_TIMEOUT: '1500', TRACEPARENT, ...extra };
}

/** `n` pipeline steps, each with output and its own status, which export trouble must not change. */
async function runSteps(n: number, env: Record<string, string>, run = vstrace, extraArgs: string[] = []): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await run(['run', '--name', `step ${i}`, ...extraArgs, '--', 'sh', '-c', `echo step ${i}; exit ${i % 3}`], env);
    expect([r.status, r.signal, r.stdout, r.stderr]).toEqual([i % 3, null, `step ${i}\n`, '']);
  }
}

/** Before recovery, a plain `vstrace flush` keeps the spans, exits 1 and says why. */
async function expectReported(env: Record<string, string>, queued: number, why: RegExp, run = vstrace): Promise<void> {
  // a generous --timeout: a background flusher mid-attempt must yield first, and a loaded machine is slow to let it
  const r = await run(['flush', '--timeout', '30000'], env);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(new RegExp(`${queued} queued.*; failing: .*${why.source}`, 'i'));
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  expect(spooled(store.home)).toHaveLength(queued);
}

async function recoverAndFlush(env: Record<string, string>, run = vstrace): Promise<void> {
  const flush = await run(['flush', '--wait', '--timeout', '40000'], env);
  // Delivered by this flush ("…, 0 queued"), or already by a background flusher (then nothing is left to say).
  expect(flush.stdout).toMatch(/0 queued|^nothing queued for export/);
  expect(flush.status).toBe(0);
  await waitFor(() => spooled(store.home).length === 0, 'an empty spool', 60_000);
}

function expectExactlyOnce(): void {
  const sent = receiver!.spans.map((s) => s.spanId).sort();
  const recorded = storedSpans(store.home)
    .map((s) => s.spanId)
    .sort();
  expect(new Set(sent).size).toBe(sent.length);
  expect(sent).toEqual(recorded);
  figures.spansExpected += issued;
  figures.spansLost += Math.max(0, issued - recorded.length);
  expect(recorded).toHaveLength(issued);
}

describe.each([
  ['answering 500', { status: 500 } as Fault, /500|internal server error/],
  ['answering 429 with Retry-After', { status: 429, retryAfterSeconds: 1 } as Fault, /retryable status.*429/],
  ['resetting the connection after the request', 'reset' as Fault, /socket hang up|ECONNRESET/],
  ['hanging (no answer within the timeout)', 'hang' as Fault, /timeout|timed out|deadline/],
] as const)('collector %s, then recovering', (name, kind, why) => {
  test(
    'commands unchanged, the failure named, every span delivered exactly once',
    fault(`collector ${name}`, async () => {
      receiver = await startReceiver('http');
      receiver.failNext(kind, ALWAYS);
      const env = exportEnv();
      await runSteps(4, env);
      await waitFor(() => receiver!.faulted > 0, 'the fault to be hit', 60_000);
      await expectReported(env, 4, why);
      receiver.recover();
      await recoverAndFlush(env);
      expectExactlyOnce();
    }),
  );
});

test(
  'collector resetting the connection mid-body: the batch is resent whole, once',
  fault('connection reset mid-body', async () => {
    receiver = await startReceiver('http');
    receiver.failNext('reset-mid-body', ALWAYS);
    const env = exportEnv();
    // Large spans (100 KB: one argument may hold at most 128 KB), so a batch's body arrives in several chunks and the reset cuts it.
    await runSteps(4, env, vstrace, ['--tag', `blob=${'x'.repeat(100_000)}`]);
    await expectReported(env, 4, /socket hang up|ECONNRESET|EPIPE/);
    expect(receiver.resetMidBody).toBeGreaterThan(0);
    receiver.recover();
    await recoverAndFlush(env);
    expectExactlyOnce();
  }),
);

test(
  'collector down (connection refused), then up',
  fault('collector down (connection refused)', async () => {
    receiver = await startReceiver('http');
    await receiver.down();
    const env = exportEnv();
    await runSteps(4, env);
    await expectReported(env, 4, /ECONNREFUSED/);
    await receiver.up();
    await recoverAndFlush(env);
    expectExactlyOnce();
  }),
);

test(
  'gRPC: UNAVAILABLE, then recovery',
  fault('gRPC collector UNAVAILABLE', async () => {
    receiver = await startReceiver('grpc');
    receiver.failNext('reset', ALWAYS);
    const env = exportEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    await runSteps(3, env);
    await expectReported(env, 3, /UNAVAILABLE/);
    receiver.recover();
    await recoverAndFlush(env);
    expectExactlyOnce();
  }),
);

describe('TLS handshake failure', () => {
  const certs = useCerts();

  test(
    'an untrusted certificate, then the CA configured: the next run delivers the backlog',
    fault('TLS handshake failure', async () => {
      receiver = await startReceiver('http', { tls: { key: certs().serverKey, cert: certs().serverCert } });
      const env = exportEnv();
      await runSteps(3, env);
      await expectReported(env, 3, /certificate|self-signed|issuer/);
      expect(receiver.spans).toHaveLength(0);
      // The fix is configuration: the next run (with the CA) updates the queue's destination, and its flusher sends everything.
      const fixed = { ...env, OTEL_EXPORTER_OTLP_CERTIFICATE: certs().caFile };
      await runSteps(1, fixed);
      await recoverAndFlush(fixed);
      expectExactlyOnce();
    }),
  );
});

/**
 * DNS failure, for real and on this machine only: the runs happen in a private
 * mount namespace whose /etc/resolv.conf points at 127.0.0.1 (no resolver
 * there: the lookup fails at once) and whose /etc/hosts lacks the collector's
 * name. Recovery is a second namespace whose /etc/hosts has it.
 */
const UNSHARE = spawnSync('unshare', ['-m', 'true']).status === 0;
if (!UNSHARE) figures.skipped.push('DNS failure (needs unshare -m, i.e. root)');

test.skipIf(!UNSHARE)(
  'DNS failure: the collector name does not resolve, then it does',
  fault('DNS failure', async () => {
    receiver = await startReceiver('http');
    const files = (hosts: string) => {
      const dir = join(store.dir, `ns-${hosts.length}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'hosts'), `127.0.0.1 localhost\n${hosts}`);
      writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\n');
      return dir;
    };
    const inNamespace = (dir: string) =>
      counted(
        (args: string[], env: Record<string, string>): Promise<CliResult> =>
          spawnCollect('unshare', ['-m', 'sh', '-c', `mount --bind "$0/hosts" /etc/hosts && mount --bind "$0/resolv.conf" /etc/resolv.conf && exec "$@"`, dir, VSTRACE, ...args], env),
      );
    const env = exportEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://collector.vstrace.test:${receiver.port}` });

    const broken = inNamespace(files(''));
    await runSteps(3, env, broken);
    await expectReported(env, 3, /EAI_AGAIN|ENOTFOUND|getaddrinfo/, broken);

    const healthy = inNamespace(files('127.0.0.1 collector.vstrace.test\n'));
    await runSteps(1, env, healthy);
    await recoverAndFlush(env, healthy);
    expectExactlyOnce();
  }),
);

test(
  'a flusher killed mid-batch loses nothing; its dead lock does not block the next',
  fault('spool lock left by a killed flusher', async () => {
    receiver = await startReceiver('http');
    receiver.failNext('hang', 1);
    const env = exportEnv({ OTEL_EXPORTER_OTLP_TIMEOUT: '30000' });
    await runSteps(5, env);
    await waitFor(() => receiver!.faulted === 1 && flusherPids(store.home).length === 1, 'a flusher stuck mid-batch', 60_000);
    await killFlushers(store.home);
    expect(spooled(store.home)).toHaveLength(5);
    await recoverAndFlush(env);
    expectExactlyOnce();
  }),
);

test('a root span waits for its trace, so a CI job that ends right after still exports', async () => {
  receiver = await startReceiver('http');
  // A long bound, so a loaded machine cannot make the wait time out: the root returns once its trace is delivered.
  const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '60000' };
  // The pipeline's steps are children; the pipeline itself is the root and ends last.
  const r = await vstrace(['run', '--verbose', '--type', 'pipeline', '--shell', '--', `${VSTRACE} run -- true && ${VSTRACE} run -- sh -c 'exit 2'; true`], env);
  issued += 2; // the two runs inside the line
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/delivered trace [0-9a-f]{32} to otlp/);
  // No waiting here: by the time the root's vstrace returned, the whole trace was delivered.
  expect(receiver.spans).toHaveLength(3);
  expectExactlyOnce();
});

test(
  'a root span with the collector down: bounded wait, exit status unchanged, reported with --verbose',
  fault("collector down at a root span's end", async () => {
    receiver = await startReceiver('http');
    await receiver.down();
    // However long the bound, the root stops waiting once a delivery attempt of its trace has failed.
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '500', VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '60000' };
    const r = await vstrace(['run', '--verbose', '--', 'sh', '-c', 'exit 7'], env);
    expect(r.status).toBe(7);
    // A refused connection is known at once (a plain connect): the root says so and does not wait at all.
    expect(r.stderr).toMatch(/not waiting for trace [0-9a-f]{32}: delivery to otlp .* is stuck \(the collector refused the connection or its name does not resolve\); 1 span kept queued/);
    expect(spooled(store.home)).toHaveLength(1);
    await receiver.up();
    await recoverAndFlush(env);
    expectExactlyOnce();
  }),
);

/** Three more roots after the first, each with its own status: none waits, each says why; all four spans stay queued. */
async function expectLaterRootsNotWaiting(env: Record<string, string>, why: RegExp): Promise<void> {
  for (let i = 1; i <= 3; i++) {
    const r = await vstrace(['run', '--verbose', '--', 'sh', '-c', `exit ${i}`], env);
    expect(r.status).toBe(i);
    expect(r.stderr).toMatch(new RegExp(`not waiting for trace [0-9a-f]{32}: delivery to otlp .* is stuck \\(${why.source}\\); \\d+ spans? kept queued`));
  }
  expect(spooled(store.home)).toHaveLength(4);
}

async function releaseHung(r: OtlpReceiver): Promise<void> {
  r.recover();
  await r.down();
  await r.up();
}

/** What breaks the collector, and what mends it (a hung request is released by dropping its connection). */
const BREAKS: Array<[string, (r: OtlpReceiver) => Promise<void> | void, (r: OtlpReceiver) => Promise<void>]> = [
  ['down (connection refused)', (r) => r.down(), (r) => r.up()],
  ['answering 429', (r) => r.failNext({ status: 429, retryAfterSeconds: 1 }, ALWAYS), async (r) => r.recover()],
  ['hanging', (r) => r.failNext('hang', ALWAYS), releaseHung],
];

describe.each(BREAKS)('root spans in a row (each line of a Makefile through vstrace-sh), collector %s', (_name, breakIt, mend) => {
  test('after a failed attempt the later roots do not wait; their spans stay queued, then arrive once', async () => {
    receiver = await startReceiver('http');
    await breakIt(receiver);
    // However long the bound, nothing but a delivery or a known failure ends a root's wait.
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '1500', VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '60000' };
    const first = await vstrace(['run', '--verbose', '--', 'true'], env);
    // A fault a plain connect sees (refused) is known at once; any other is known from the failed attempt.
    expect(first.stderr).toMatch(/export to otlp .* is failing: |is stuck \(the collector refused the connection or its name does not resolve\)/);
    await expectLaterRootsNotWaiting(env, /the last attempt failed [\d.]+ s ago: .+|the collector refused the connection or its name does not resolve/);
    await mend(receiver);
    await recoverAndFlush(env);
    expectExactlyOnce();
  });
});

test('an attempt stuck in flight (a collector that does not answer): roots queued behind it do not wait for it', async () => {
  receiver = await startReceiver('http');
  receiver.failNext('hang', ALWAYS);
  const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '60000' };
  const first = await vstrace(['run', '--verbose', '--', 'true'], { ...env, VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '200' });
  expect(first.stderr).toMatch(/not delivered to otlp .* within 200 ms/);
  await waitFor(() => receiver!.faulted === 1, 'the first attempt to reach the collector', 60_000);
  // The attempt began before its request arrived: from here it has been in flight longer than a healthy one takes.
  await new Promise((resolve) => setTimeout(resolve, STALLED_ATTEMPT_MS));
  await expectLaterRootsNotWaiting(env, /an attempt with 1 span has been in flight for [\d.]+ s/);
  await releaseHung(receiver);
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
  issued += 1000;
  const flush = await vstrace(['flush', '--wait', '--timeout', '60000'], env);
  expect(flush.status).toBe(0);
  await waitFor(() => receiver!.spans.length >= 1000, '1,000 spans at the receiver', 120_000);
  expect(storedSpans(store.home)).toHaveLength(1000);
  expectExactlyOnce();
  expect(new Set(receiver.spans.map((s) => s.name)).size).toBe(1000);
  figures.runs += 1000;
  figures.notes.push('1,000 runs under xargs -P 8 with the collector down for the first half');
}, 400_000);
