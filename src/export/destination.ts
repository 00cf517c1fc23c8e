import type { ExporterName, ExportSettings } from '../config/schema.ts';
import { fail, ok, type Result } from '../errors.ts';
import { builtinRedactor } from '../redact/redact.ts';
import { PRESETS } from './presets.ts';
import { fnv1aHex } from '../trace/fnv.ts';

/**
 * Where spans go, resolved once from the export settings (pure): the preset
 * supplies defaults, the OpenTelemetry endpoint rules apply on top —
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as is, the generic
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is a base to which OTLP/HTTP appends
 * `v1/traces`, and gRPC takes its endpoint as is (default port 4317, HTTP 4318).
 */
export interface OtlpDestination extends Pick<ExportSettings, 'protocol' | 'headers' | 'timeoutMs' | 'compression' | 'certificate' | 'clientKey' | 'clientCertificate' | 'insecure'> {
  kind: 'otlp';
  exporter: ExporterName;
  /** The full traces URL (HTTP) or the gRPC endpoint. */
  url: string;
}

export type Destination = OtlpDestination | { kind: 'console' } | { kind: 'file'; path: string } | { kind: 'none' };

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * `base` + `v1/traces`, with exactly one slash between (the spec's rule for the
 * generic endpoint), on the path: a query (`?tenant=a`) stays after it.
 */
export function appendTracesPath(base: string): string {
  const [, head = base, query = ''] = /^([^?#]*)(.*)$/s.exec(base) ?? [];
  return `${head.replace(/\/+$/, '')}/v1/traces${query}`;
}

export function resolveDestination(settings: ExportSettings): Result<Destination> {
  const preset = PRESETS[settings.exporter];
  if (!preset) return fail('BAD_CONFIG', `unknown exporter "${settings.exporter}": use one of ${Object.keys(PRESETS).join(', ')}`);
  if (preset.kind === 'none' || preset.kind === 'console') return ok(preset);
  if (preset.kind === 'file') {
    return settings.file ? ok({ kind: 'file', path: settings.file }) : fail('BAD_CONFIG', 'exporter "file" needs a path: set VSTRACE_EXPORT_FILE or export.file in the config');
  }

  const grpc = settings.protocol === 'grpc';
  let url: string;
  if (settings.tracesEndpoint) url = settings.tracesEndpoint;
  else if (settings.endpoint) url = grpc ? settings.endpoint : appendTracesPath(settings.endpoint);
  else if (grpc) url = preset.grpc;
  else url = preset.httpTracesUrl ?? appendTracesPath(preset.http);
  // gRPC endpoints may be written host:port; the scheme then follows `insecure`, as the spec says.
  if (grpc && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `${settings.insecure ? 'http' : 'https'}://${url}`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    return fail('BAD_CONFIG', `export endpoint "${url}" is not an http(s) URL (e.g. http://localhost:4318)`);
  }

  const headers = { ...settings.headers };
  if (preset.tokenHeader) {
    const has = Object.keys(headers).some((h) => h.toLowerCase() === preset.tokenHeader);
    if (!has && settings.accessToken) headers[preset.tokenHeader] = settings.accessToken;
    else if (!has) return fail('BAD_CONFIG', `exporter "${settings.exporter}" needs an access token: ${preset.tokenHelp}`);
  }
  return ok({
    kind: 'otlp',
    exporter: settings.exporter,
    protocol: settings.protocol,
    url,
    headers,
    timeoutMs: settings.timeoutMs > 0 ? settings.timeoutMs : DEFAULT_TIMEOUT_MS,
    compression: settings.compression,
    ...(settings.certificate ? { certificate: settings.certificate } : {}),
    ...(settings.clientKey ? { clientKey: settings.clientKey } : {}),
    ...(settings.clientCertificate ? { clientCertificate: settings.clientCertificate } : {}),
    insecure: settings.insecure,
  });
}

/**
 * One line naming a destination for people: `jaeger http://localhost:4318/v1/traces (http/protobuf)`.
 * The URL is redacted: a password in it (`https://user:…@host`) or a token in its query is configuration, not output.
 */
export function describeDestination(d: Destination): string {
  switch (d.kind) {
    case 'otlp':
      return `${d.exporter} ${builtinRedactor().text(d.url)} (${d.protocol})`;
    case 'file':
      return `file ${d.path}`;
    default:
      return d.kind;
  }
}

/**
 * The spool queue a destination's spans wait in: one per (exporter, protocol,
 * URL), so spans recorded for one backend never go to another. Headers are not
 * part of it: a rotated token applies to what is already queued.
 */
export function queueKey(d: OtlpDestination): string {
  const text = `${d.exporter}\n${d.protocol}\n${d.url}`;
  // Two FNV-1a passes with different offsets: 64 bits, no node:crypto on the run path.
  return `${d.exporter}-${fnv1aHex(text)}${fnv1aHex(text, 0x050c5d1f)}`;
}
