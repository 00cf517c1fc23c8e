import type { Env } from '../trace/carrier.ts';
import { storeHome } from '../store/location.ts';
import { DEFAULT_NAME_TEMPLATE } from '../trace/naming.ts';
import type { COMPRESSIONS, EXPORTERS, PROTOCOLS } from './schema.ts';

/**
 * The effective settings every command uses. This interface is the contract
 * between the configuration layer (which fills it from flags > environment >
 * project file > user file > defaults) and everything else, which only ever
 * reads a resolved Settings — nothing outside src/config reads VSTRACE_* or
 * OTEL_* variables for settings.
 */
export type ExporterName = (typeof EXPORTERS)[number];
export type OtlpProtocol = (typeof PROTOCOLS)[number];

export interface ExportSettings {
  exporter: ExporterName;
  /** Generic OTLP base endpoint (`v1/traces` is appended for HTTP). */
  endpoint?: string;
  /** Signal-specific endpoint, used as is; wins over `endpoint`. */
  tracesEndpoint?: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: (typeof COMPRESSIONS)[number];
  certificate?: string;
  clientKey?: string;
  clientCertificate?: string;
  insecure: boolean;
  /** The token presets put in their header (LightStep `lightstep-access-token`, Honeycomb `x-honeycomb-team`). */
  accessToken?: string;
  /** For exporter `file`: where OTLP/JSON lines go. */
  file?: string;
  /** The backend's UI, for links to a trace: a template with {traceId}, or a base URL (view/trace-url.ts). */
  uiUrl?: string;
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
}

export const DEFAULT_SERVICE = 'vstrace';

/** The spool's default caps: also what a background flusher falls back to when its arguments are broken. */
export const DEFAULT_SPOOL_CAPS: ExportSettings['spool'] = { maxAgeDays: 7, maxSizeMb: 256 };

export function defaultSettings(env: Env): Settings {
  return {
    service: DEFAULT_SERVICE,
    resourceAttributes: {},
    defaultTags: {},
    nameTemplate: DEFAULT_NAME_TEMPLATE,
    redact: { patterns: [] },
    ci: { detect: true },
    store: { home: storeHome(env), maxAgeDays: 90, maxSizeMb: 4096 },
    export: {
      exporter: 'none',
      protocol: 'http/protobuf',
      headers: {},
      timeoutMs: 10_000,
      compression: 'none',
      insecure: false,
      rootFlushTimeoutMs: 2_500,
      spool: { ...DEFAULT_SPOOL_CAPS },
    },
  };
}
