import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeLine } from '../../src/store/otlp-json.ts';
import { useCerts } from '../support/certs.ts';
import { storedSpans } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { spooled, useReceivers, vstrace } from '../support/export.ts';
import type { OtlpReceiver } from '../support/otlp-receiver.ts';
import { waitFor } from '../support/wait.ts';

const store = useTempStore();
const startReceiver = useReceivers();
let receiver: OtlpReceiver | undefined;

describe.each([
  ['http/protobuf', 'http'],
  ['http/json', 'http'],
  ['grpc', 'grpc'],
] as const)('a span reaches an OTLP receiver over %s', (protocol, transport) => {
  test('ids, parent, times, attributes, status, resource', async () => {
    receiver = await startReceiver(transport);
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test' };
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const ok = await vstrace(['run', '--tag', 'service=api', '--parent', parent, '--', 'true'], env);
    const bad = await vstrace(['run', '--name', 'failing step', '--', 'sh', '-c', 'exit 3'], env);
    expect(ok.status).toBe(0);
    expect(bad.status).toBe(3);
    await waitFor(() => receiver!.spans.length === 2, 'both spans delivered', 60_000);
    const local = storedSpans(store.home);
    for (const span of local) {
      const got = receiver.spans.find((s) => s.spanId === span.spanId)!;
      expect(got).toBeDefined();
      expect(got.traceId).toBe(span.traceId);
      expect(got.parentSpanId).toBe(span.parentSpanId);
      expect(got.startUs).toBe(span.startUs);
      expect(got.endUs).toBe(span.endUs);
      expect(got.name).toBe(span.name);
      expect(got.kind).toBe(1); // INTERNAL
      expect(got.resource).toMatchObject({ 'service.name': span.resource['service.name'], 'deployment.environment': 'test', 'host.name': span.resource['host.name'] });
      expect(got.attributes).toEqual(span.attributes);
      expect(got.scope.name).toBe('vstrace');
    }
    const okSpan = receiver.spans.find((s) => s.parentSpanId === '00f067aa0ba902b7')!;
    expect(okSpan.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(okSpan.attributes.service).toBe('api');
    expect(okSpan.resource['service.name']).toBe('api');
    expect(okSpan.status.code).toBe(0);
    const errSpan = receiver.spans.find((s) => s.name === 'failing step')!;
    expect(errSpan.status).toEqual({ code: 2, message: 'exit code 3' });
    expect(errSpan.attributes.error).toBe(true);
    expect(errSpan.attributes['process.exit.code']).toBe(3);
    expect(new Set(receiver.requests.map((r) => r.transport))).toEqual(new Set([protocol]));
    await waitFor(() => spooled(store.home).length === 0, 'the spool emptied', 60_000);
  });
});

describe('headers, gzip, presets', () => {
  test('lightstep preset: token header from LS_ACCESS_TOKEN, custom headers, gzip', async () => {
    receiver = await startReceiver('http');
    const env = {
      ...store.env,
      LS_ACCESS_TOKEN: 'ls-token-123',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/traces`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=deploy%20tools,x-other=1',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    };
    const r = await vstrace(['run', '--exporter', 'lightstep', '--', 'true'], env);
    expect(r.status).toBe(0);
    await waitFor(() => receiver!.requests.length === 1, 'one request', 60_000);
    const request = receiver.requests[0]!;
    expect(request.headers['lightstep-access-token']).toBe('ls-token-123');
    expect(request.headers['x-team']).toBe('deploy tools');
    expect(request.headers['x-other']).toBe('1');
    expect(request.gzip).toBe(true);
    expect(request.spans[0]!.spanId).toBe(storedSpans(store.home)[0]!.spanId);
  });

  test('honeycomb preset over gRPC: x-honeycomb-team metadata', async () => {
    receiver = await startReceiver('grpc');
    const env = {
      ...store.env,
      HONEYCOMB_API_KEY: 'hc-key',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    };
    const r = await vstrace(['run', '--exporter', 'honeycomb', '--', 'true'], env);
    expect(r.status).toBe(0);
    await waitFor(() => receiver!.requests.length === 1, 'one request', 60_000);
    expect(receiver.requests[0]!.headers['x-honeycomb-team']).toBe('hc-key');
  });

  test('legacy JAEGER_ENDPOINT: the same host on the OTLP port, JAEGER_SERVICE_NAME and JAEGER_TAGS', async () => {
    receiver = await startReceiver('http', { port: 4318 }).catch(() => undefined);
    if (!receiver) return void expect.soft('port 4318 busy on this machine').toBeTruthy();
    const env = { ...store.env, JAEGER_ENDPOINT: 'http://127.0.0.1:14268/api/traces', JAEGER_SERVICE_NAME: 'legacy', JAEGER_TAGS: 'team=ops' };
    expect((await vstrace(['run', '--', 'true'], env)).status).toBe(0);
    await waitFor(() => receiver!.spans.length === 1, 'the span', 60_000);
    expect(receiver.spans[0]!.resource).toMatchObject({ 'service.name': 'legacy', team: 'ops' });
  });

  test('a bad --exporter is a usage error (125) before anything runs', async () => {
    const r = await vstrace(['run', '--exporter', 'zipkin', '--', 'touch', `${store.dir}/ran`], store.env);
    expect(r.status).toBe(125);
    expect(r.stderr).toContain('unknown exporter "zipkin"');
    expect(storedSpans(store.home)).toHaveLength(0);
  });

  test('lightstep without a token: one warning, the command and the local store unaffected', async () => {
    const r = await vstrace(['run', '--exporter', 'lightstep', '--', 'sh', '-c', 'exit 4'], store.env);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('needs an access token: set LS_ACCESS_TOKEN');
    expect(storedSpans(store.home)).toHaveLength(1);
    expect(spooled(store.home)).toEqual([]);
  });
});

describe('local exporters', () => {
  test('file: OTLP/JSON lines, one per span, the same spans as the store', async () => {
    const file = `${store.dir}/artifact.jsonl`;
    const env = { ...store.env, VSTRACE_EXPORT_FILE: file };
    await vstrace(['run', '--exporter', 'file', '--', 'true'], env);
    await vstrace(['run', '--exporter', 'file', '--', 'sh', '-c', 'exit 1'], env);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => decodeLine(l)[0]!)).toEqual(storedSpans(store.home));
    expect(spooled(store.home)).toEqual([]);
  });

  test('console: OTLP/JSON on stderr, nothing on stdout', async () => {
    const r = await vstrace(['run', '--exporter', 'console', '--', 'echo', 'hi'], store.env);
    expect(r.stdout).toBe('hi\n');
    const span = decodeLine(r.stderr.trim())[0]!;
    expect(span).toEqual(storedSpans(store.home)[0]);
  });
});

describe('TLS with a throwaway CA', () => {
  const certs = useCerts();

  test.each([
    ['http/protobuf', 'http'],
    ['grpc', 'grpc'],
  ] as const)('%s: trusts the CA file, presents the client certificate (mutual TLS)', async (protocol, transport) => {
    receiver = await startReceiver(transport, { tls: { key: certs().serverKey, cert: certs().serverCert, clientCa: certs().ca } });
    const env = {
      ...store.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_CERTIFICATE: certs().caFile,
      OTEL_EXPORTER_OTLP_CLIENT_KEY: certs().clientKeyFile,
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs().clientCertFile,
    };
    expect((await vstrace(['run', '--', 'true'], env)).status).toBe(0);
    await waitFor(() => receiver!.spans.length === 1, 'the span over TLS', 60_000);
    expect(receiver.spans[0]!.spanId).toBe(storedSpans(store.home)[0]!.spanId);
  });

  test('without the CA the certificate is refused: the span stays queued and vstrace flush says why', async () => {
    receiver = await startReceiver('http', { tls: { key: certs().serverKey, cert: certs().serverCert } });
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    expect((await vstrace(['run', '--', 'true'], env)).status).toBe(0);
    const flush = await vstrace(['flush'], env);
    expect(flush.status).toBe(1);
    expect(flush.stdout).toMatch(/1 queued.*; failing: .*(certificate|self-signed|issuer)/i);
    expect(flush.stdout).toContain('OTEL_EXPORTER_OTLP_CERTIFICATE');
    expect(receiver.spans).toHaveLength(0);
    expect(spooled(store.home)).toHaveLength(1);
  });
});

test('the run path never loads the exporters: they live in their own bundle, loaded by the flusher and vstrace flush', () => {
  const dist = (name: string) => readFileSync(new URL(`../../dist/${name}`, import.meta.url), 'utf8');
  // The OTLP exporters' User-Agent string marks their code wherever it is bundled.
  expect(dist('export.js')).toContain('OTel-OTLP-Exporter-JavaScript');
  expect(dist('cli.js')).not.toContain('OTel-OTLP-Exporter-JavaScript');
  expect(dist('export.js')).toContain('grpc-accept-encoding'); // and grpc-js's
  expect(dist('cli.js')).not.toContain('grpc-accept-encoding');
  expect(dist('flusher.js').length).toBeLessThan(2_000);
});
