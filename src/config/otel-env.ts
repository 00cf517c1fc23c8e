import { ok, quote, type Result } from '../errors.ts';
import type { Env } from '../trace/carrier.ts';
import { emptyLayer, type Layer } from './layers.ts';
import { COMPRESSIONS, PROTOCOLS, settingSpec } from './schema.ts';
import { coerce, otelBool, otelBoolNotice, parseEnum, parseKeyValueList, parseNonNegativeNumber } from './values.ts';

/**
 * The OpenTelemetry SDK environment variables for trace export, with the
 * spec's semantics: the signal-specific `OTEL_EXPORTER_OTLP_TRACES_*` wins over
 * the generic `OTEL_EXPORTER_OTLP_*`; headers and resource attributes are
 * percent-decoded `k=v` lists; timeouts are milliseconds. Legacy jaeger-client
 * variables are honoured so those setups keep working unedited.
 */
const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;

type Parser = (where: string, raw: string) => Result<unknown>;

/** A file path: taken as written. */
const asIs: Parser = (_w, r) => ok(r);

/** Settings key ← variable suffix, parsed per the spec. */
const OTLP_VARS: Array<[key: string, suffix: string, parse: Parser]> = [
  ['export.protocol', 'PROTOCOL', (w, r) => parseEnum(w, r, PROTOCOLS)],
  // Through the schema, as VSTRACE_EXPORT_HEADERS and a file's export.headers: the same checks, and a secret never echoed.
  ['export.headers', 'HEADERS', (where, raw) => coerce(settingSpec('export.headers')!, raw, { where, baseDir: '', home: '' })],
  ['export.timeoutMs', 'TIMEOUT', (w, r) => parseNonNegativeNumber(w, r, 'milliseconds')],
  ['export.compression', 'COMPRESSION', (w, r) => parseEnum(w, r, COMPRESSIONS)],
  ['export.certificate', 'CERTIFICATE', asIs],
  ['export.clientKey', 'CLIENT_KEY', asIs],
  ['export.clientCertificate', 'CLIENT_CERTIFICATE', asIs],
  ['export.insecure', 'INSECURE', (_w, r) => ok(otelBool(r))],
];

export function otelEnvLayer(env: Env): Layer {
  const layer = emptyLayer();
  /** The variable's name when it set the setting, for `a || b` chains and for naming the source. */
  const add = (key: string, name: string, parse: Parser): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const parsed = parse(name, raw);
    if (parsed.ok) layer.entries.push({ key, value: parsed.value, source: `env ${name}` });
    else layer.problems.push(parsed.error.message);
    return parsed.ok ? name : undefined;
  };
  const text: Parser = (_w, r) => ok(r.trim());

  addJaegerLegacy(env, layer);
  add('service', 'OTEL_SERVICE_NAME', text);
  add('resourceAttributes', 'OTEL_RESOURCE_ATTRIBUTES', parseKeyValueList);

  // The traces endpoint is used as is; the generic one is a base for /v1/traces (HTTP only, applied by the exporter).
  const endpointVar = add('export.tracesEndpoint', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', text) || add('export.endpoint', 'OTEL_EXPORTER_OTLP_ENDPOINT', text);
  for (const [key, suffix, parse] of OTLP_VARS) {
    add(key, `OTEL_EXPORTER_OTLP_TRACES_${suffix}`, parse) || add(key, `OTEL_EXPORTER_OTLP_${suffix}`, parse);
  }

  const [exporter, ...more] = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (more.length > 0) {
    layer.notices.push(`OTEL_TRACES_EXPORTER: ${quote(env.OTEL_TRACES_EXPORTER ?? '')} names ${more.length + 1} exporters; vstrace sends to one, the first, ${quote(exporter ?? '')}`);
  }
  if (exporter) {
    const parsed = parseEnum('OTEL_TRACES_EXPORTER', exporter, TRACES_EXPORTERS);
    if (parsed.ok) layer.entries.push({ key: 'export.exporter', value: parsed.value, source: 'env OTEL_TRACES_EXPORTER' });
    else layer.problems.push(parsed.error.message);
  } else if (endpointVar) {
    // An endpoint alone means "send there": the SDK default exporter is otlp. The source is the variable that was set.
    layer.entries.push({ key: 'export.exporter', value: 'otlp', source: `env ${endpointVar}` });
  }
  if (otelBool(env.OTEL_SDK_DISABLED ?? '')) {
    layer.entries.push({ key: 'export.exporter', value: 'none', source: 'env OTEL_SDK_DISABLED' });
  }
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_INSECURE', 'OTEL_EXPORTER_OTLP_INSECURE', 'OTEL_SDK_DISABLED']) {
    const notice = otelBoolNotice(name, env[name] ?? '');
    if (notice) layer.notices.push(notice);
  }
  return layer;
}

/**
 * jaeger-client's variables. Its collector endpoint spoke Thrift on :14268;
 * Jaeger >= 1.35 takes OTLP/HTTP on :4318 of the same host, which is where
 * the spans go now.
 */
function addJaegerLegacy(env: Env, layer: Layer): void {
  const endpoint = env.JAEGER_ENDPOINT?.trim();
  const agentHost = env.JAEGER_AGENT_HOST?.trim();
  if (endpoint || agentHost) {
    let base = `http://${agentHost}:4318`;
    if (endpoint) {
      try {
        const url = new URL(endpoint);
        base = `${url.protocol}//${url.hostname}:4318`;
      } catch {
        layer.problems.push(`JAEGER_ENDPOINT: ${quote(endpoint)} is not a URL (e.g. http://jaeger:14268/api/traces)`);
        return;
      }
    }
    const source = endpoint ? 'env JAEGER_ENDPOINT' : 'env JAEGER_AGENT_HOST';
    layer.entries.push({ key: 'export.exporter', value: 'jaeger', source }, { key: 'export.endpoint', value: base, source });
  }
  if (env.JAEGER_SERVICE_NAME?.trim()) {
    layer.entries.push({ key: 'service', value: env.JAEGER_SERVICE_NAME.trim(), source: 'env JAEGER_SERVICE_NAME' });
  }
  if (env.JAEGER_TAGS?.trim()) {
    const tags = parseKeyValueList('JAEGER_TAGS', env.JAEGER_TAGS);
    if (tags.ok) layer.entries.push({ key: 'resourceAttributes', value: expandJaegerTags(tags.value, env), source: 'env JAEGER_TAGS' });
    else layer.problems.push(tags.error.message);
  }
}

/** jaeger-client's `${VAR}` and `${VAR:default}` in JAEGER_TAGS values: the variable's value, else the default (else empty). */
function expandJaegerTags(tags: Record<string, string>, env: Env): Record<string, string> {
  const reference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::(.*))?\}$/s;
  return Object.fromEntries(
    Object.entries(tags).map(([key, value]) => {
      const m = reference.exec(value.trim());
      return [key, m ? (env[m[1]!] ?? m[2] ?? '') : value];
    }),
  );
}
