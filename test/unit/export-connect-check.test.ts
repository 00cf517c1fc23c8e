import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { connectCheck } from '../../src/export/connect-check.ts';

/** A loopback port that was just listening and no longer is: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<unknown> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise((resolve) => server.close(resolve)) };
}

// 'fast': Node's TCP handle (Node 20 and 24); 'node': net's socket, which other Nodes take. Both answer alike.
describe.each(['fast', 'node'] as const)('connectCheck (%s)', (how) => {
  test('a listening port connects; a closed one is refused, with the error as the system gives it', async () => {
    const server = await listening();
    expect(await connectCheck(`http://127.0.0.1:${server.port}/v1/traces`, 5_000, {}, how)).toEqual({ ok: true });
    await server.close();
    const closed = await closedPort();
    expect(await connectCheck(`https://127.0.0.1:${closed}`, 5_000, {}, how)).toEqual({ ok: false, error: `connect ECONNREFUSED 127.0.0.1:${closed}` });
  });

  test('a name connects when any of its addresses accepts: localhost, with the collector on IPv4 only', async () => {
    const server = await listening('127.0.0.1');
    expect(await connectCheck(`http://localhost:${server.port}`, 5_000, {}, how)).toEqual({ ok: true });
    await server.close();
    const closed = await closedPort();
    expect(await connectCheck(`http://localhost:${closed}`, 5_000, {}, how)).toMatchObject({ ok: false, error: expect.stringMatching(/^connect ECONNREFUSED .*:\d+$/) });
  });

  test('a name that does not resolve is said so', async () => {
    expect(await connectCheck('http://collector.invalid:4318', 5_000, {}, how)).toMatchObject({ ok: false, error: expect.stringMatching(/^getaddrinfo (ENOTFOUND|EAI_AGAIN) collector\.invalid$/) });
  });

  test('an IPv6 address is connected to as one', async () => {
    const closed = await closedPort();
    const r = await connectCheck(`http://[::1]:${closed}`, 5_000, {}, how);
    // refused where the machine has IPv6 loopback, not available where it has none: never a lookup of "::1"
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^connect (ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EAFNOSUPPORT) ::1:\d+$/) });
  });

  test('with a proxy configured the check is skipped: the exporter would connect to the proxy, not the endpoint', async () => {
    const closed = await closedPort();
    for (const name of ['https_proxy', 'HTTP_PROXY', 'grpc_proxy']) {
      expect(await connectCheck(`http://127.0.0.1:${closed}`, 5_000, { [name]: 'http://127.0.0.1:3128' }, how)).toEqual({ ok: true });
    }
    expect(await connectCheck(`http://127.0.0.1:${closed}`, 5_000, { https_proxy: '' }, how)).toMatchObject({ ok: false });
  });
});
