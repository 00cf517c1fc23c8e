import type { Env } from '../trace/carrier.ts';
import { storeHome } from '../store/location.ts';
import { applyLayer } from './merge.ts';
import { otelEnvLayer } from './otel-env.ts';

/**
 * The effective settings every command uses. This interface is the contract
 * between the configuration layer (which fills it from flags > environment >
 * project file > user file > defaults) and everything else, which only ever
 * reads a resolved Settings — nothing outside src/config reads VSTRACE_* or
 * OTEL_* variables for settings.
 */
export type ExporterName = 'none' | 'otlp' | 'jaeger' | 'lightstep' | 'honeycomb' | 'tempo' | 'console' | 'file';
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

export interface ExportSettings {
  exporter: ExporterName;
  /** Generic OTLP base endpoint (`v1/traces` is appended for HTTP). */
  endpoint?: string;
  /** Signal-specific endpoint, used as is; wins over `endpoint`. */
  tracesEndpoint?: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'none' | 'gzip';
  certificate?: string;
  clientKey?: string;
  clientCertificate?: string;
  insecure: boolean;
  /** The token presets put in their header (LightStep `lightstep-access-token`, Honeycomb `x-honeycomb-team`). */
  accessToken?: string;
  /** For exporter `file`: where OTLP/JSON lines go. */
  file?: string;
  /** How long the end of a root span waits for its trace to be delivered. */
  rootFlushTimeoutMs: number;
  spool: { maxAgeDays: number; maxSizeMb: number };
}

export interface Settings {
  service: string;
  /** Extra resource attributes (OTEL_RESOURCE_ATTRIBUTES and config). */
  resourceAttributes: Record<string, string>;
  defaultType?: string;
  /** Applied to every span; a span's own tags win. */
  defaultTags: Record<string, string>;
  /** Span naming: `{type}`, `{command}` (program and subcommand); a leading "{type}: " is dropped when there is no type. */
  nameTemplate: string;
  redact: { patterns: string[] };
  ci: { detect: boolean };
  store: { home: string; maxAgeDays: number; maxSizeMb: number };
  export: ExportSettings;
  /** Kept for commands written before the store block; same as store.home. */
  home: string;
  redactPatterns: string[];
}

export interface SettingFlags {
  service?: string;
  type?: string;
  exporter?: string;
  config?: string;
}

export const DEFAULT_SERVICE = 'vstrace';

export function defaultSettings(env: Env): Settings {
  const home = storeHome(env);
  return {
    service: DEFAULT_SERVICE,
    resourceAttributes: {},
    defaultTags: {},
    nameTemplate: '{type}: {command}',
    redact: { patterns: [] },
    ci: { detect: true },
    store: { home, maxAgeDays: 90, maxSizeMb: 1024 },
    export: {
      exporter: 'none',
      protocol: 'http/protobuf',
      headers: {},
      timeoutMs: 10_000,
      compression: 'none',
      insecure: false,
      rootFlushTimeoutMs: 2_500,
      spool: { maxAgeDays: 7, maxSizeMb: 256 },
    },
    home,
    redactPatterns: [],
  };
}

/** Flags > environment > defaults, for now; the configuration layer adds files in between. */
export function resolveSettings(flags: SettingFlags, env: Env): Settings {
  const settings = defaultSettings(env);
  applyLayer(settings, otelEnvLayer(env));
  const service = flags.service ?? env.VSTRACE_SERVICE;
  if (service) settings.service = service;
  const defaultType = flags.type ?? env.VSTRACE_TYPE;
  if (defaultType) settings.defaultType = defaultType;
  if (env.LS_ACCESS_TOKEN) settings.export.accessToken = env.LS_ACCESS_TOKEN;
  if (flags.exporter) settings.export.exporter = flags.exporter as ExporterName;
  // Honeycomb's ingest key, for its preset's x-honeycomb-team header; the file exporter's path.
  if (settings.export.exporter === 'honeycomb' && env.HONEYCOMB_API_KEY) settings.export.accessToken = env.HONEYCOMB_API_KEY;
  if (env.VSTRACE_EXPORT_FILE) settings.export.file = env.VSTRACE_EXPORT_FILE;
  const rootWait = Number(env.VSTRACE_ROOT_FLUSH_TIMEOUT_MS);
  if (env.VSTRACE_ROOT_FLUSH_TIMEOUT_MS?.trim() && Number.isFinite(rootWait) && rootWait >= 0) settings.export.rootFlushTimeoutMs = rootWait;
  return settings;
}
