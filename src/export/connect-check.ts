import type { Socket } from 'node:net';
import { net } from '../system/deferred.ts';

/**
 * Opens, then closes, a TCP connection to an endpoint's host and port. Doctor
 * asks this before its test span because the OTLP exporters retry a refused
 * connection or a failed name lookup with backoff for most of their timeout
 * (~8 s of the default 10 s) and cannot be told not to; a plain connect
 * answers both at once. It proves nothing more: TLS, token and path are the
 * test span's to prove, with the configured timeout, so a slow but working
 * collector is never called down by a shorter bound. Skipped when a proxy
 * variable is set, as the exporter's connection would then go to the proxy.
 */
export function connectCheck(url: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<{ ok: true } | { ok: false; error: string }> {
  if (Object.entries(env).some(([name, value]) => /^(grpc|https?)_proxy$/i.test(name) && value)) return Promise.resolve({ ok: true });
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve) => {
    const socket = net().connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) || (protocol === 'https:' ? 443 : 80) });
    socket._destroy = closeOnly(socket);
    const timer = setTimeout(() => done({ ok: false, error: `connect to ${hostname} timed out after ${timeoutMs} ms` }), timeoutMs);
    const done = (result: { ok: true } | { ok: false; error: string }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (error) => done({ ok: false, error: error.message }));
  });
}

/**
 * The socket's teardown, without net's own: it reads process.stderr, which
 * creates Node's stderr stream, and a stream on a pipe makes the pipe
 * non-blocking — for the command too, which shares it and may be running
 * (the root's check overlaps it): its writes would then fail with EAGAIN.
 */
function closeOnly(socket: Socket): Socket['_destroy'] {
  return (error, callback) => {
    (socket as unknown as { _handle?: { close(): void } | null })._handle?.close();
    callback(error);
  };
}
