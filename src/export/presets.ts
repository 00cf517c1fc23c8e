import type { ExporterName } from '../config/schema.ts';

/**
 * The exporters a user can name, as data. Network presets are OTLP with a
 * default endpoint per protocol family and, for hosted backends, the header
 * that carries the access token. `console` and `file` are local sinks, written
 * inline (no network, nothing to wait for); `none` records locally only.
 */
export interface OtlpPreset {
  kind: 'otlp';
  /** Base endpoint for OTLP/HTTP (`v1/traces` is appended unless `httpTracesPath` says otherwise). */
  http: string;
  /** Endpoint for OTLP/gRPC. */
  grpc: string;
  /** Full traces URL for OTLP/HTTP when the backend does not use `/v1/traces`. */
  httpTracesUrl?: string;
  /** Header that carries `export.accessToken`. */
  tokenHeader?: string;
  /** Where to get a token, for messages. */
  tokenHelp?: string;
}

export type Preset = OtlpPreset | { kind: 'console' } | { kind: 'file' } | { kind: 'none' };

const LOCAL_COLLECTOR: OtlpPreset = { kind: 'otlp', http: 'http://localhost:4318', grpc: 'http://localhost:4317' };

export const PRESETS: Record<ExporterName, Preset> = {
  none: { kind: 'none' },
  console: { kind: 'console' },
  file: { kind: 'file' },
  // The SDK default: a Collector (or anything OTLP) on this machine.
  otlp: LOCAL_COLLECTOR,
  // Jaeger >= 1.35 ingests OTLP natively on 4318 (HTTP) and 4317 (gRPC).
  jaeger: LOCAL_COLLECTOR,
  // Grafana Tempo's OTLP receiver uses the same ports.
  tempo: LOCAL_COLLECTOR,
  lightstep: {
    kind: 'otlp',
    http: 'https://ingest.lightstep.com',
    httpTracesUrl: 'https://ingest.lightstep.com/traces/otlp/v0.9',
    grpc: 'https://ingest.lightstep.com:443',
    tokenHeader: 'lightstep-access-token',
    tokenHelp: 'set LS_ACCESS_TOKEN (a project access token from LightStep/Cloud Observability settings)',
  },
  honeycomb: {
    kind: 'otlp',
    http: 'https://api.honeycomb.io',
    grpc: 'https://api.honeycomb.io:443',
    tokenHeader: 'x-honeycomb-team',
    tokenHelp: 'set HONEYCOMB_API_KEY (an ingest key from Honeycomb environment settings)',
  },
};

export const EXPORTER_NAMES = Object.keys(PRESETS) as ExporterName[];

export const isExporterName = (name: string): name is ExporterName => Object.hasOwn(PRESETS, name);
