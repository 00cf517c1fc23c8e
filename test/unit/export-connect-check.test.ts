import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { connectCheck } from '../../src/export/connect-check.ts';

/** A loopback port that was just listening and no longer is: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a listening port connects; a closed one is refused, with the error as the system gives it', async () => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  expect(await connectCheck(`http://127.0.0.1:${port}/v1/traces`, 5_000, {})).toEqual({ ok: true });
  await new Promise((resolve) => server.close(resolve));
  const closed = await closedPort();
  expect(await connectCheck(`https://127.0.0.1:${closed}`, 5_000, {})).toEqual({ ok: false, error: `connect ECONNREFUSED 127.0.0.1:${closed}` });
});

test('with a proxy configured the check is skipped: the exporter would connect to the proxy, not the endpoint', async () => {
  const closed = await closedPort();
  for (const name of ['https_proxy', 'HTTP_PROXY', 'grpc_proxy']) {
    expect(await connectCheck(`http://127.0.0.1:${closed}`, 5_000, { [name]: 'http://127.0.0.1:3128' })).toEqual({ ok: true });
  }
  expect(await connectCheck(`http://127.0.0.1:${closed}`, 5_000, { https_proxy: '' })).toMatchObject({ ok: false });
});
