import type { LookupAddress } from 'node:dns';
import type { Socket } from 'node:net';
import { getSystemErrorName } from 'node:util';
import { internalBinding } from '../system/bindings.ts';
import { dns, net } from '../system/deferred.ts';

export type ConnectResult = { ok: true } | { ok: false; error: string };

/**
 * Opens, then closes, a TCP connection to an endpoint's host and port. Doctor
 * asks this before its test span, and a root span as its command starts,
 * because the OTLP exporters retry a refused connection or a failed name
 * lookup with backoff for most of their timeout (~8 s of the default 10 s)
 * and cannot be told not to; a plain connect answers both at once. It proves
 * nothing more: TLS, token and path are the test span's to prove, with the
 * configured timeout, so a slow but working collector is never called down by
 * a shorter bound. Skipped when a proxy variable is set, as the exporter's
 * connection would then go to the proxy.
 */
export function connectCheck(url: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env, how: 'fast' | 'node' = 'fast'): Promise<ConnectResult> {
  if (Object.entries(env).some(([name, value]) => /^(grpc|https?)_proxy$/i.test(name) && value)) return Promise.resolve({ ok: true });
  const { hostname, port, protocol } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const portNumber = Number(port) || (protocol === 'https:' ? 443 : 80);
  const tcp = how === 'fast' ? tcpBinding() : undefined;
  return tcp ? handleCheck(tcp, host, portNumber, timeoutMs) : socketCheck(host, portNumber, timeoutMs);
}

const timedOut = (host: string, timeoutMs: number): ConnectResult => ({ ok: false, error: `connect to ${host} timed out after ${timeoutMs} ms` });

interface TcpBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => { oncomplete?: (status: number) => void };
  constants: { SOCKET: number };
}
interface TcpHandle {
  connect(req: object, address: string, port: number): number;
  connect6(req: object, address: string, port: number): number;
  close(): void;
}

/** Node's TCP handle, as net uses it underneath: the same calls on Node 20 and 24 (tested on both). */
const TCP_KNOWN_MAJORS = new Set(['20', '24']);
let tcp: TcpBinding | null | undefined;

/**
 * net costs the check ~2 ms of loading (streams, sockets), and its socket's
 * teardown builds process.stderr — which makes the pipe the command shares
 * non-blocking. The handle has neither.
 */
function tcpBinding(): TcpBinding | undefined {
  if (tcp === undefined) {
    const found = internalBinding<Partial<TcpBinding>>('tcp_wrap', TCP_KNOWN_MAJORS);
    tcp = typeof found?.TCP === 'function' && typeof found.TCPConnectWrap === 'function' && typeof found.constants?.SOCKET === 'number' ? (found as TcpBinding) : null;
  }
  return tcp ?? undefined;
}

/** 4, 6, or 0 for a name (a URL's host holds `:` only as an IPv6 address). */
const ipFamily = (host: string): 0 | 4 | 6 => (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) ? 4 : host.includes(':') ? 6 : 0);

/**
 * Every address of the name in the resolver's order until one accepts, as
 * net's family autoselection does: `localhost` may be ::1 first while the
 * collector listens on 127.0.0.1 only. Refused only when every address refuses.
 */
async function handleCheck(binding: TcpBinding, host: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  const deadline = Date.now() + timeoutMs;
  const family = ipFamily(host);
  const addresses = family ? [{ address: host, family }] : await lookupAll(host);
  if (!Array.isArray(addresses)) return addresses;
  let failure: ConnectResult = { ok: false, error: `getaddrinfo ENOTFOUND ${host}` };
  for (const { address, family: addressFamily } of addresses) {
    const result = await connectOnce(binding, address, addressFamily === 6 ? 6 : 4, port, deadline - Date.now());
    if (result === 'timeout') return timedOut(host, timeoutMs);
    if (result.ok) return result;
    failure = result;
  }
  return failure;
}

function lookupAll(host: string): Promise<LookupAddress[] | ConnectResult> {
  return new Promise((resolve) => {
    dns().lookup(host, { all: true }, (error, addresses) => resolve(error ? { ok: false, error: `getaddrinfo ${error.code ?? 'ENOTFOUND'} ${host}` } : addresses));
  });
}

function connectOnce(binding: TcpBinding, address: string, family: 4 | 6, port: number, timeoutMs: number): Promise<ConnectResult | 'timeout'> {
  return new Promise((resolve) => {
    if (timeoutMs <= 0) return resolve('timeout');
    const handle = new binding.TCP(binding.constants.SOCKET);
    const req = new binding.TCPConnectWrap();
    let settled = false;
    // Closing the handle cancels a connect still under way; its late callback finds the answer given.
    const done = (result: ConnectResult | 'timeout') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      handle.close();
      resolve(result);
    };
    const failed = (status: number): ConnectResult => ({ ok: false, error: `connect ${getSystemErrorName(status)} ${address}:${port}` });
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    req.oncomplete = (status) => done(status === 0 ? { ok: true } : failed(status));
    const error = family === 6 ? handle.connect6(req, address, port) : handle.connect(req, address, port);
    if (error !== 0) done(failed(error));
  });
}

/** net's socket, on the Nodes whose handle is not known. */
function socketCheck(host: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = net().connect({ host, port });
    socket._destroy = closeOnly(socket);
    const timer = setTimeout(() => done(timedOut(host, timeoutMs)), timeoutMs);
    const done = (result: ConnectResult) => {
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
