import { describe, expect, it } from 'vitest';
import { otelEnvLayer } from '../../src/config/otel-env.ts';
import { parseKeyValueList } from '../../src/config/values.ts';

const values = (env: Record<string, string>) => Object.fromEntries(otelEnvLayer(env).entries.map((e) => [e.key, e.value]));

describe('OpenTelemetry environment variables', () => {
  it('signal-specific variables win over generic ones', () => {
    const v = values({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
    });
    expect(v).toMatchObject({ 'export.tracesEndpoint': 'http://traces:4318/custom', 'export.protocol': 'http/json', 'export.timeoutMs': 5000, 'export.exporter': 'otlp' });
    expect(v['export.endpoint']).toBeUndefined();
  });

  it('percent-decodes headers and resource attributes', () => {
    const v = values({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%2Cb%3Dc, x-team = infra ', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=a%20b' });
    expect(v['export.headers']).toEqual({ 'api-key': 'a,b=c', 'x-team': 'infra' });
    expect(v.resourceAttributes).toEqual({ 'deployment.environment': 'prod', team: 'a b' });
  });

  it('an endpoint alone means exporter otlp, sourced from the endpoint variable actually set', () => {
    const exporterSource = (env: Record<string, string>) => otelEnvLayer(env).entries.find((e) => e.key === 'export.exporter');
    expect(exporterSource({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/v1/traces' })).toEqual({ key: 'export.exporter', value: 'otlp', source: 'env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' });
    expect(exporterSource({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://g:4318' })).toEqual({ key: 'export.exporter', value: 'otlp', source: 'env OTEL_EXPORTER_OTLP_ENDPOINT' });
  });

  it('OTEL_TRACES_EXPORTER and OTEL_SDK_DISABLED choose the exporter', () => {
    expect(values({ OTEL_TRACES_EXPORTER: 'console' })['export.exporter']).toBe('console');
    expect(values({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_SDK_DISABLED: 'true' })['export.exporter']).toBe('none');
    expect(values({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_SDK_DISABLED: 'TRUE' })['export.exporter']).toBe('none');
  });

  it('OpenTelemetry booleans: only "true" is true; another value is noted (never an error) and counts as false', () => {
    for (const raw of ['1', 'yes', 'on']) {
      const layer = otelEnvLayer({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_SDK_DISABLED: raw, OTEL_EXPORTER_OTLP_INSECURE: raw });
      expect(layer.entries.find((e) => e.key === 'export.exporter')?.value).toBe('otlp');
      expect(layer.entries.find((e) => e.key === 'export.insecure')?.value).toBe(false);
      expect(layer.problems).toEqual([]);
      expect(layer.notices).toEqual([
        `OTEL_EXPORTER_OTLP_INSECURE: "${raw}" is not true or false (OpenTelemetry reads only "true" as true), so it counts as false`,
        `OTEL_SDK_DISABLED: "${raw}" is not true or false (OpenTelemetry reads only "true" as true), so it counts as false`,
      ]);
    }
    expect(otelEnvLayer({ OTEL_SDK_DISABLED: 'false' }).notices).toEqual([]);
  });

  it("JAEGER_TAGS values like jaeger-client's: ${VAR} and ${VAR:default} are expanded", () => {
    const v = values({ JAEGER_TAGS: 'region=${REGION},zone=${ZONE:eu-1},plain=x,empty=${NOPE}', REGION: 'us' });
    expect(v.resourceAttributes).toEqual({ region: 'us', zone: 'eu-1', plain: 'x', empty: '' });
  });

  it('a list of exporters: the first is used, and the rest noted (never an error)', () => {
    const layer = otelEnvLayer({ OTEL_TRACES_EXPORTER: 'otlp, console' });
    expect(layer.entries.find((e) => e.key === 'export.exporter')?.value).toBe('otlp');
    expect(layer.problems).toEqual([]);
    expect(layer.notices).toEqual(['OTEL_TRACES_EXPORTER: "otlp, console" names 2 exporters; vstrace sends to one, the first, "otlp"']);
  });

  it('maps jaeger-client variables onto OTLP at the same host', () => {
    const v = values({ JAEGER_ENDPOINT: 'http://jaeger.internal:14268/api/traces', JAEGER_SERVICE_NAME: 'deployer', JAEGER_TAGS: 'team=infra,env=ci' });
    expect(v).toMatchObject({ 'export.exporter': 'jaeger', 'export.endpoint': 'http://jaeger.internal:4318', service: 'deployer', resourceAttributes: { team: 'infra', env: 'ci' } });
  });

  it('reports each bad value with the variable and what is allowed, keeping the good ones', () => {
    const layer = otelEnvLayer({ OTEL_EXPORTER_OTLP_PROTOCOL: 'htp/json', OTEL_EXPORTER_OTLP_TIMEOUT: 'soon', OTEL_SERVICE_NAME: 'ok' });
    expect(layer.problems).toEqual([
      'OTEL_EXPORTER_OTLP_PROTOCOL: "htp/json" is not one of http/protobuf, http/json, grpc',
      'OTEL_EXPORTER_OTLP_TIMEOUT: "soon" is not a number of milliseconds (0 or more)',
    ]);
    expect(layer.entries).toEqual([{ key: 'service', value: 'ok', source: 'env OTEL_SERVICE_NAME' }]);
  });

  it('OTEL_EXPORTER_OTLP_HEADERS that do not parse are named, never echoed (the member may be a token)', () => {
    const layer = otelEnvLayer({ OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key:abc123secret' });
    expect(layer.problems).toEqual(['OTEL_EXPORTER_OTLP_HEADERS: the value is not a list of key=value pairs (separate pairs with commas, percent-encode , and =)']);
  });

  it('OTEL_EXPORTER_OTLP_HEADERS: a name HTTP cannot send is a problem of the variable', () => {
    const layer = otelEnvLayer({ OTEL_EXPORTER_OTLP_HEADERS: 'x-ok=1,bad header=v' });
    expect(layer.problems).toEqual([`OTEL_EXPORTER_OTLP_HEADERS: a header name cannot hold " " after "bad" (use letters, digits and !#$%&'*+-.^_\`|~)`]);
    expect(layer.entries).toEqual([]);
  });

  it('parseKeyValueList rejects members without a key', () => {
    const r = parseKeyValueList('X', 'a=1,oops');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('X: "oops" is not key=value (separate pairs with commas)');
  });
});
