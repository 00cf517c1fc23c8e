import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { FIXTURES, VSTRACE } from './cli.ts';
import { exited, waitFor } from './wait.ts';

/** `vstrace serve` as users start it, on a free port; killed in teardown if a test left it running. */
export interface Served {
  child: ChildProcess;
  port: number;
  url: string;
  /** The OTLP/gRPC port, and its endpoint for an SDK's gRPC exporter. */
  grpcPort: number;
  grpcUrl: string;
  stderr: () => string;
  /** SIGTERM (or the given signal), then the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function useServe(): (env: Record<string, string>, args?: string[]) => Promise<Served> {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return async (env, args = []) => {
    const child = spawn(VSTRACE, ['serve', ...(args.includes('--port') ? [] : ['--port', '0']), '--grpc-port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await waitFor(() => /OTLP\/HTTP on http:\/\/\S+:(\d+)\/v1\/traces/.test(stderr) || child.exitCode !== null, 'serve to listen');
    const port = Number(/OTLP\/HTTP on http:\/\/\S+:(\d+)\/v1\/traces/.exec(stderr)?.[1]);
    const grpcPort = Number(/OTLP\/gRPC on \S+:(\d+),/.exec(stderr)?.[1]);
    if (!port || !grpcPort) throw new Error(`serve did not start: ${stderr}`);
    return {
      child,
      port,
      url: `http://127.0.0.1:${port}`,
      grpcPort,
      grpcUrl: `http://127.0.0.1:${grpcPort}`,
      stderr: () => stderr,
      stop: (signal = 'SIGTERM') => {
        child.kill(signal);
        return exited(child);
      },
    };
  };
}

export interface ClientRun {
  /** The exporter it used: http/protobuf, http/json or grpc. */
  protocol: string;
  traceId: string;
  root: string;
  children: string[];
}

/** The instrumented program (test/fixtures/otel-client.mjs): the OpenTelemetry JS SDK and one of its OTLP exporters. */
export function runOtelClient(env: Record<string, string>): Promise<{ status: number | null; run: ClientRun; stderr: string }> {
  const child = spawn(process.execPath, [join(FIXTURES, 'otel-client.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return exited(child).then(({ code }) => ({ status: code, run: stdout.trim() === '' ? ({} as ClientRun) : (JSON.parse(stdout) as ClientRun), stderr }));
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One raw OTLP/HTTP request (for what no SDK sends: bad bodies, odd content types, exact batches). */
export function post(url: string, body: Buffer | string, headers: Record<string, string>, path = '/v1/traces', method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const require = createRequire(import.meta.url);
const proto = (require('otlp-proto-schema/build/src/generated/root.js') as any).opentelemetry.proto;
export const ProtoRequest = proto.collector.trace.v1.ExportTraceServiceRequest;
export const ProtoResponse = proto.collector.trace.v1.ExportTraceServiceResponse;

/** An OTLP/JSON request of `count` ended spans of one trace, ids derived from `seed`, under `service`. */
export function jsonBatch(seed: number, count: number, service = 'batch-client', startUs = Date.now() * 1000): { body: string; ids: string[]; traceId: string } {
  const traceId = `${seed.toString(16).padStart(8, '0')}${'ab'.repeat(12)}`;
  const ids: string[] = [];
  const spans = [];
  for (let i = 0; i < count; i++) {
    const spanId = `${seed.toString(16).padStart(8, '0')}${(i + 1).toString(16).padStart(8, '0')}`;
    ids.push(spanId);
    spans.push({
      traceId,
      spanId,
      name: `op-${i}`,
      kind: 1,
      startTimeUnixNano: `${startUs + i}000`,
      endTimeUnixNano: `${startUs + i + 500}000`,
      attributes: [{ key: 'i', value: { intValue: i } }],
      status: {},
    });
  }
  const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] });
  return { body, ids, traceId };
}
