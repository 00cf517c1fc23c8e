import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveSettings } from '../../src/config/resolve.ts';
import { probeDestination } from '../../src/export/drain-all.ts';
import { exportChecks } from '../../src/doctor/export.ts';
import { VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { flusherPids, killFlushers, spawnCollect, spooled, useReceivers, vstrace } from '../support/export.ts';
import type { OtlpReceiver } from '../support/otlp-receiver.ts';
import { waitFor } from '../support/wait.ts';

/**
 * exportChecks() for `vstrace doctor`. The probe is the export chunk's own
 * code, imported from source here (the built CLI loads the same code as
 * dist/export.js).
 */
const store = useTempStore();
const startReceiver = useReceivers();
let receiver: OtlpReceiver | undefined;
const probe = () => probeDestination;
const byName = (checks: Awaited<ReturnType<typeof exportChecks>>, name: string) => checks.find((c) => c.name === name)!;

describe('exportChecks', () => {
  test('no exporter: configuration ok, empty spool, no reachability check', async () => {
    const checks = await exportChecks(resolveSettings({}, store.env), probe);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['export configuration', true],
      ['export spool', true],
    ]);
    expect(byName(checks, 'export configuration').detail).toContain('local store');
    expect(byName(checks, 'export spool').detail).toBe('0 spans queued; 0 dropped by the caps');
  });

  test('collector up: one real test span arrives, with its latency reported', async () => {
    receiver = await startReceiver('http');
    const settings = resolveSettings({}, { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'doctor-test' });
    const reach = byName(await exportChecks(settings, probe), 'export reachable');
    expect(reach.ok).toBe(true);
    expect(reach.detail).toMatch(/accepted a test span in \d+ ms \(trace [0-9a-f]{32}\)/);
    expect(receiver.spans).toHaveLength(1);
    expect(receiver.spans[0]!.name).toBe('vstrace doctor: export check');
    expect(receiver.spans[0]!.resource['service.name']).toBe('doctor-test');
    expect(reach.detail).toContain(receiver.spans[0]!.traceId);
  });

  test('collector down: not reachable, with the error and a fix; the backlog and its error show in the spool check', async () => {
    receiver = await startReceiver('http');
    await receiver.down();
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '300', TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    await vstrace(['run', '--', 'true'], env);
    await vstrace(['run', '--', 'true'], env);
    expect(spooled(store.home)).toHaveLength(2);
    const flush = await vstrace(['flush'], env); // takes over from the background flusher; records the failing attempt
    expect(flush.status).toBe(1);
    const checks = await exportChecks(resolveSettings({}, env), probe);
    const reach = byName(checks, 'export reachable');
    expect(reach.ok).toBe(false);
    expect(reach.detail).toMatch(/ECONNREFUSED/);
    expect(reach.fix).toMatch(/collector running/);
    const spool = byName(checks, 'export spool');
    expect(spool.ok).toBe(false);
    expect(spool.detail).toMatch(/^2 spans queued; 0 dropped by the caps; failing otlp http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(http\/protobuf\): .*ECONNREFUSED/);
    expect(spool.fix).toContain('vstrace flush --wait');
    await receiver.up();
    await vstrace(['flush', '--wait'], env);
    await waitFor(() => spooled(store.home).length === 0, 'the backlog delivered', 60_000);
    expect(byName(await exportChecks(resolveSettings({}, env), probe), 'export spool').ok).toBe(true);
  });

  test.each([
    ['OTEL_EXPORTER_OTLP_CERTIFICATE', 'export.certificate'],
    ['OTEL_EXPORTER_OTLP_CLIENT_KEY', 'export.clientKey'],
    ['VSTRACE_EXPORT_CLIENT_CERTIFICATE', 'export.clientCertificate'],
  ])('%s naming a missing file: a configuration failure naming %s and the file, with a fix; the spool is still checked', async (variable, setting) => {
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://127.0.0.1:9', [variable]: '/nonexistent/tls.pem' };
    const checks = await exportChecks(resolveSettings({}, env), () => () => Promise.reject(new Error('no probe without the TLS files')));
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['export configuration', false],
      ['export spool', true],
    ]);
    expect(checks[0]).toEqual({
      name: 'export configuration',
      ok: false,
      detail: `otlp https://127.0.0.1:9/v1/traces (http/protobuf): ${setting}: cannot read /nonexistent/tls.pem (no such file)`,
      fix: `point ${setting} at a readable PEM file, or unset it; vstrace config shows where it is set`,
    });
  });

  test('a bad configuration is reported with its fix, without probing', async () => {
    const checks = await exportChecks(resolveSettings({ exporter: 'honeycomb' }, store.env), probe);
    const config = byName(checks, 'export configuration');
    expect(config.ok).toBe(false);
    expect(config.detail).toContain('HONEYCOMB_API_KEY');
    expect(checks.find((c) => c.name === 'export reachable')).toBeUndefined();
  });
});

describe('vstrace flush', () => {
  test('nothing queued: says so, exit 0', async () => {
    const r = await vstrace(['flush'], store.env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('nothing queued for export (no exporter configured');
  });

  test('delivers the backlog and sums up per destination', async () => {
    receiver = await startReceiver('http');
    await receiver.down();
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '300', TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    for (let i = 0; i < 3; i++) await vstrace(['run', '--', 'true'], env);
    // A flusher still retrying would deliver the spans itself, leaving the flush under test nothing to report.
    await killFlushers(store.home);
    expect(spooled(store.home)).toHaveLength(3);
    await receiver.up();
    // From a shell with no export settings at all: each queue remembers its destination.
    const r = await vstrace(['flush', '--wait', '--timeout', '30000'], store.env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^otlp http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(http\/protobuf\): delivered 3, 0 queued\n?$/);
    await waitFor(() => receiver!.spans.length === 3, 'three spans', 60_000);
    // The queue for that endpoint is now empty: a later flush has nothing to say about it.
    const again = await vstrace(['flush'], store.env);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^nothing queued for export \(no exporter configured/);
  });
});

test('vstrace flush with a CA file that does not exist: one line naming the setting and the file, exit 1', async () => {
  const env = {
    ...store.env,
    OTEL_EXPORTER_OTLP_ENDPOINT: 'https://127.0.0.1:9',
    OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem',
    TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  };
  expect((await vstrace(['run', '--', 'true'], env)).status).toBe(0);
  const r = await vstrace(['flush'], env);
  expect([r.status, r.stderr]).toEqual([1, '']);
  expect(r.stdout).toBe(
    'otlp https://127.0.0.1:9/v1/traces (http/protobuf): delivered 0, 1 queued; failing: export.certificate: cannot read /nonexistent/ca.pem (no such file) (point export.certificate at a readable PEM file, or unset it; vstrace config shows where it is set)\n',
  );
  expect(spooled(store.home)).toHaveLength(1);
});

describe('time bounds: an export timeout of 10 minutes against a collector that hangs or is down', () => {
  const LONG = { OTEL_EXPORTER_OTLP_TIMEOUT: '600000', TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

  test('vstrace flush, with or without --wait: no attempt runs past --timeout', async () => {
    receiver = await startReceiver('http');
    receiver.failNext('hang', 100_000);
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...LONG };
    await vstrace(['run', '--', 'true'], env);
    // The background flusher's attempt hangs; it is killed so the flushes below make their own attempts.
    await waitFor(() => receiver!.faulted === 1 && flusherPids(store.home).length === 1, 'the flusher stuck mid-attempt', 60_000);
    await killFlushers(store.home);
    // An attempt given the whole 10 minutes would still hang when the harness kills the flush (status null).
    for (const args of [
      ['flush', '--wait', '--timeout', '3000'],
      ['flush', '--timeout', '2000'],
    ]) {
      const flush = await vstrace(args, env);
      expect(flush.status).toBe(1);
      expect(flush.stdout).toMatch(/1 queued; failing: .*timed out/i);
    }
    expect(receiver.faulted).toBe(3);
    expect(spooled(store.home)).toHaveLength(1);
  });

  test("vstrace doctor: a refused connection is reported from a TCP connect, not after the exporter's retries", async () => {
    receiver = await startReceiver('http');
    await receiver.down();
    const r = await vstrace(['doctor', '--json'], { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...LONG });
    expect(r.status).toBe(1);
    const reach = (JSON.parse(r.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string; fix?: string }> }).checks.find((c) => c.name === 'export reachable')!;
    expect(reach.ok).toBe(false);
    expect(reach.detail).toMatch(/^otlp http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(http\/protobuf\): cannot connect: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(after \d+ ms\)$/);
    expect(reach.fix).toMatch(/collector running/);
  });
});

test('vstrace flush on a terminal: a progress line on stderr, then the summary', async () => {
  receiver = await startReceiver('http');
  await receiver.down();
  const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '300', TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
  for (let i = 0; i < 3; i++) await vstrace(['run', '--', 'true'], env);
  // A background flusher still retrying would deliver the three spans itself once the collector is up,
  // leaving the flush under test nothing to report: none may outlive the outage.
  await killFlushers(store.home);
  expect(spooled(store.home)).toHaveLength(3);
  await receiver.up();
  // script(1) gives vstrace a pty for stdout and stderr, as in a terminal.
  const { stdout } = await spawnCollect('script', ['-q', '-e', '-c', `${VSTRACE} flush --wait --timeout 30000`, '/dev/null'], store.env);
  expect(stdout).toMatch(/\r\x1b\[Kvstrace: delivered 3, 0 queued…\r\x1b\[K/);
  expect(stdout).toMatch(/delivered 3, 0 queued\r?\n/);
});

test('an endpoint that answers 200 with a web page is not a delivery: the spans stay queued and flush names what answered', async () => {
  const { createServer } = await import('node:http');
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body>Sign in</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: url, TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    expect((await vstrace(['run', '--', 'true'], env)).status).toBe(0);
    await killFlushers(store.home);
    const flush = await vstrace(['flush', '--timeout', '5000'], store.env);
    expect(flush.status).toBe(1);
    expect(flush.stdout).toContain(`delivered 0, 1 queued; failing: the endpoint answered 200 text/html, not OTLP (application/x-protobuf): is ${url}/v1/traces a collector?`);
    expect(requests).toBeGreaterThan(0);
    expect(spooled(store.home)).toHaveLength(1);
  } finally {
    server.close();
  }
});

/** One line of strace's log: the call, the paths it names (quoted, in order), whether it succeeded. */
function syscalls(log: string): Array<{ line: string; name: string; paths: string[]; ok: boolean }> {
  return log
    .split('\n')
    .filter((line) => /^\w+\(/.test(line))
    .map((line) => ({
      line,
      name: /^(\w+)\(/.exec(line)![1]!,
      paths: [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!),
      ok: / = \d+$/.test(line),
    }));
}

describe.runIf(process.platform === 'linux')('a new queue is published whole', () => {
  test("under its own name, a queue directory already holds destination.json (strace of the run's file calls), so a racing flush can always say where it goes", async () => {
    const log = join(store.dir, 'strace.log');
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const traced = ['-qq', '-o', log, '-e', 'trace=mkdir,mkdirat,rename,renameat,renameat2,openat', VSTRACE, 'run', '--', 'true'];
    const r = await spawnCollect('strace', traced, env);
    await killFlushers(store.home);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const [name, ...others] = readdirSync(join(store.home, 'spool'));
    expect(others).toEqual([]);
    const queue = join(store.home, 'spool', name!);
    const calls = syscalls(readFileSync(log, 'utf8'));
    const born = calls.findIndex((c) => c.ok && (c.name.startsWith('mkdir') ? c.paths[0] === queue : c.name.startsWith('rename') && c.paths[1] === queue));
    expect(born, `no call in the log made ${queue}`).toBeGreaterThanOrEqual(0);
    // Made there by mkdir, it was listed empty until destination.json came; renamed there, it came whole.
    expect(calls[born]!.line, 'how the queue directory got its name').toMatch(/^rename\w*\(/);
    const destination = join(calls[born]!.paths[0]!, 'destination.json');
    const written = calls
      .slice(0, born)
      .some((c) => c.ok && (c.name.startsWith('rename') ? c.paths[1] === destination : c.name === 'openat' && c.paths[0] === destination && c.line.includes('O_CREAT')));
    expect(written, `${destination} written before the rename`).toBe(true);
  });
});
