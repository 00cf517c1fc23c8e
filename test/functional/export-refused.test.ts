import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../support/env.ts';
import { spooled, useReceivers, vstrace } from '../support/export.ts';
import { storedSpans } from '../support/cli.ts';
import { waitFor } from '../support/wait.ts';

/** A refused or unresolvable collector is known at once: a root span does not wait out export.rootFlushTimeoutMs for it. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('a root span with a collector that is not there', () => {
  const store = useTempStore();
  const startReceiver = useReceivers();

  it.each([
    ['refused', async () => `http://127.0.0.1:${await closedPort()}`],
    ['unresolvable', async () => 'http://collector.invalid:4318'],
  ])(
    '%s: says why it does not wait, keeps the span queued, and exits as the command did',
    async (_kind, endpointOf) => {
      // a wait this long would time any test out: the root must not take it
      const env = { ...store.env, VSTRACE_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: await endpointOf(), VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '600000' };
      const r = await vstrace(['run', '--verbose', '--', 'sh', '-c', 'exit 4'], env);
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(/not waiting for trace [0-9a-f]{32}: delivery to .* is stuck \(the collector refused the connection or its name does not resolve\)/);
      expect(spooled(store.home)).toHaveLength(1);
    },
    60_000,
  );

  // The root's connect check runs while the command does; Node's stderr stream, were it made, would turn the pipe non-blocking for both.
  it.each([
    ['refused', async () => `http://127.0.0.1:${await closedPort()}`],
    ['unresolvable', async () => 'http://collector.invalid:4318'],
    ['accepting', async () => (await startReceiver('http')).url],
  ])(
    '%s: the check leaves the pipe the command writes its stderr to as it was',
    async (_kind, endpointOf) => {
      const env = { ...store.env, VSTRACE_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: await endpointOf(), VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '2000' };
      const probe = 'import fcntl, os; print(bool(fcntl.fcntl(2, fcntl.F_GETFL) & os.O_NONBLOCK))';
      const r = await vstrace(['run', '--', 'sh', '-c', `sleep 1; exec python3 -c '${probe}'`], env);
      expect([r.status, r.stdout]).toEqual([0, 'False\n']);
    },
    60_000,
  );

  it('that the command itself starts is waited for: an answer from the command start counts for a second at most', async () => {
    const port = await closedPort();
    const marker = join(store.dir, 'started');
    const env = { ...store.env, VSTRACE_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, VSTRACE_ROOT_FLUSH_TIMEOUT_MS: '60000' };
    // As `docker compose up -d collector` would: the collector listens only once the command runs.
    const run = vstrace(['run', '--verbose', '--', 'sh', '-c', `: > '${marker}'; sleep 1.6`], env);
    await waitFor(() => existsSync(marker), 'the command started', 30_000);
    // The check vstrace began with the command has met the closed port by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const receiver = await startReceiver('http', { port });
    const r = await run;
    expect([r.status, r.stderr]).toEqual([0, expect.stringMatching(/delivered trace [0-9a-f]{32} to /)]);
    expect(receiver.spans.map((s) => s.name)).toEqual([storedSpans(store.home)[0]!.name]);
  }, 60_000);
});
