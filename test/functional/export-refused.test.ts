import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../support/env.ts';
import { spooled, vstrace } from '../support/export.ts';

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
});
