import { describe, expect, test } from 'vitest';
import { defaultSettings, type ExportSettings } from '../../src/config/schema.ts';
import { resolveSettings } from '../../src/config/resolve.ts';
import { appendTracesPath, queueKey, resolveDestination, type OtlpDestination } from '../../src/export/destination.ts';
import { createExporter } from '../../src/export/exporter.ts';
import { EXPORTER_NAMES, PRESETS } from '../../src/export/presets.ts';

const base = (patch: Partial<ExportSettings> = {}): ExportSettings => ({ ...defaultSettings({ VSTRACE_HOME: '/h' }).export, ...patch });
const otlp = (patch: Partial<ExportSettings>): OtlpDestination => {
  const r = resolveDestination(base(patch));
  if (!r.ok) throw r.error;
  if (r.value.kind !== 'otlp') throw new Error(`not otlp: ${r.value.kind}`);
  return r.value;
};
const fromEnv = (env: Record<string, string>, exporter?: string) => {
  const r = resolveDestination(resolveSettings(exporter ? { exporter } : {}, { VSTRACE_HOME: '/h', ...env }).export);
  if (!r.ok) throw r.error;
  return r.value as OtlpDestination;
};

describe('endpoint resolution (OpenTelemetry spec)', () => {
  test.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'http://collector:4318/v1/traces'],
    ['https://gw.example.com/otlp', 'https://gw.example.com/otlp/v1/traces'],
    ['https://gw.example.com/otlp//', 'https://gw.example.com/otlp/v1/traces'],
    ['https://gw.example.com/otlp?tenant=a', 'https://gw.example.com/otlp/v1/traces?tenant=a'],
    ['https://gw.example.com/?tenant=a&x=1', 'https://gw.example.com/v1/traces?tenant=a&x=1'],
  ])('generic %s → %s for HTTP', (endpoint, url) => {
    expect(appendTracesPath(endpoint)).toBe(url);
    expect(otlp({ exporter: 'otlp', endpoint }).url).toBe(url);
    expect(otlp({ exporter: 'otlp', endpoint, protocol: 'http/json' }).url).toBe(url);
  });

  test('the signal-specific endpoint is used as is and wins over the generic one', () => {
    expect(otlp({ exporter: 'otlp', endpoint: 'http://a:4318', tracesEndpoint: 'http://b:9999/custom' }).url).toBe('http://b:9999/custom');
    expect(fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:1/x' }).url).toBe('http://b:1/x');
  });

  test('gRPC takes the endpoint as is; host:port gets a scheme from insecure', () => {
    expect(otlp({ exporter: 'otlp', protocol: 'grpc', endpoint: 'http://collector:4317' }).url).toBe('http://collector:4317');
    expect(otlp({ exporter: 'otlp', protocol: 'grpc', endpoint: 'collector:4317' }).url).toBe('https://collector:4317');
    expect(otlp({ exporter: 'otlp', protocol: 'grpc', endpoint: 'collector:4317', insecure: true }).url).toBe('http://collector:4317');
  });

  test('default ports: 4318 for HTTP, 4317 for gRPC', () => {
    for (const exporter of ['otlp', 'jaeger', 'tempo'] as const) {
      expect(otlp({ exporter }).url).toBe('http://localhost:4318/v1/traces');
      expect(otlp({ exporter, protocol: 'grpc' }).url).toBe('http://localhost:4317');
    }
  });

  test('an endpoint alone in the environment means exporter otlp', () => {
    expect(fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toMatchObject({ exporter: 'otlp', url: 'http://c:4318/v1/traces' });
  });

  test('a non-http URL is a configuration error naming the fix', () => {
    const r = resolveDestination(base({ exporter: 'otlp', endpoint: 'ftp://x' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/not an http\(s\) URL \(e\.g\. http:\/\/localhost:4318\)/);
  });
});

describe('presets', () => {
  test('every name resolves to its kind', () => {
    expect(EXPORTER_NAMES.sort()).toEqual(['console', 'file', 'honeycomb', 'jaeger', 'lightstep', 'none', 'otlp', 'tempo']);
    expect(resolveDestination(base({ exporter: 'none' }))).toEqual({ ok: true, value: { kind: 'none' } });
    expect(resolveDestination(base({ exporter: 'console' }))).toEqual({ ok: true, value: { kind: 'console' } });
    expect(resolveDestination(base({ exporter: 'file', file: '/tmp/x.jsonl' }))).toEqual({ ok: true, value: { kind: 'file', path: '/tmp/x.jsonl' } });
    expect(resolveDestination(base({ exporter: 'file' })).ok).toBe(false);
  });

  test('lightstep: its ingest URL and the token header from LS_ACCESS_TOKEN', () => {
    const d = fromEnv({ LS_ACCESS_TOKEN: 'tok' }, 'lightstep');
    expect(d.url).toBe('https://ingest.lightstep.com/traces/otlp/v0.9');
    expect(d.headers).toEqual({ 'lightstep-access-token': 'tok' });
    expect(fromEnv({ LS_ACCESS_TOKEN: 'tok', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'lightstep').url).toBe('https://ingest.lightstep.com:443');
  });

  test('honeycomb: x-honeycomb-team from HONEYCOMB_API_KEY; a header set explicitly wins', () => {
    expect(fromEnv({ HONEYCOMB_API_KEY: 'k' }, 'honeycomb')).toMatchObject({ url: 'https://api.honeycomb.io/v1/traces', headers: { 'x-honeycomb-team': 'k' } });
    expect(fromEnv({ HONEYCOMB_API_KEY: 'k', OTEL_EXPORTER_OTLP_HEADERS: 'X-Honeycomb-Team=mine' }, 'honeycomb').headers).toEqual({ 'X-Honeycomb-Team': 'mine' });
  });

  test('a hosted preset without a token is refused with the fix', () => {
    const r = resolveDestination(base({ exporter: 'lightstep' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(PRESETS.lightstep.kind === 'otlp' ? PRESETS.lightstep.tokenHelp : '');
  });

  test('timeout, compression and TLS files pass through; timeout 0 means the default', () => {
    const d = otlp({ exporter: 'otlp', timeoutMs: 0, compression: 'gzip', certificate: '/ca.pem', clientKey: '/k', clientCertificate: '/c' });
    expect(d).toMatchObject({ timeoutMs: 10_000, compression: 'gzip', certificate: '/ca.pem', clientKey: '/k', clientCertificate: '/c' });
    expect(otlp({ exporter: 'otlp', timeoutMs: 1234 }).timeoutMs).toBe(1234);
  });
});

describe('exporters', () => {
  test('a header gRPC metadata cannot carry is a value naming the header, never the value', () => {
    const d = otlp({ exporter: 'otlp', protocol: 'grpc', headers: { 'x!': 's3cr3t', ok: 'fine' } });
    const r = createExporter(d);
    expect(r.ok ? 'made' : r.error.message).toBe('export.headers: header "x!" cannot be sent as gRPC metadata (names: letters, digits, _ . -; values: printable ASCII)');
    expect(createExporter({ ...d, headers: { ok: 'fine' } }).ok).toBe(true);
  });
});

describe('queue keys', () => {
  test('one queue per exporter, protocol and URL; headers do not split a queue (a rotated token applies to queued spans)', () => {
    const a = otlp({ exporter: 'otlp', endpoint: 'http://a:4318' });
    expect(queueKey(a)).toMatch(/^otlp-[0-9a-f]{16}$/);
    expect(queueKey({ ...a, headers: { x: '1' } })).toBe(queueKey(a));
    expect(queueKey({ ...a, url: 'http://b:4318/v1/traces' })).not.toBe(queueKey(a));
    expect(queueKey({ ...a, protocol: 'grpc' })).not.toBe(queueKey(a));
    expect(queueKey({ ...a, exporter: 'jaeger' })).not.toBe(queueKey(a));
  });
});
