import { storeHome } from '../store/location.ts';
import type { Env } from '../trace/carrier.ts';
import { DEFAULT_NAME_TEMPLATE } from '../trace/naming.ts';
import { DEFAULT_DEPLOYMENT_TYPES } from '../trace/deployment.ts';

/**
 * Every setting vstrace knows, as one table: its key (a dotted path into
 * Settings, the same in config files), what values it takes, its VSTRACE_*
 * variable, and what it does. Validation, the VSTRACE_* environment layer,
 * `vstrace config`, the README table and the completeness test of
 * .vstracerc.example are all driven by this table; defaults live in
 * defaultSettings() (below), which a test keeps in step with it.
 *
 * To add a setting: add it to Settings and defaultSettings(), then one row
 * here. The tests then ask for it in .vstracerc.example and the README table.
 */
export type Kind =
  | { type: 'string' }
  /** A file or directory; `~/` is expanded, a relative path is taken from the config file's directory. */
  | { type: 'path' }
  /** An absolute http(s) URL. */
  | { type: 'url' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'number'; unit: string }
  | { type: 'boolean' }
  /** A string → string map: an object in files, `k=v,k2=v2` (percent-encoded) in the environment; `header`: HTTP header names and values. */
  | { type: 'map'; names?: 'header' }
  /** Regular expressions: a list in files, a JSON array or one pattern in the environment. */
  | { type: 'patterns' }
  /** Words (span types, …): a list in files, comma-separated in the environment. */
  | { type: 'words' }
  /** Text with `{placeholder}`s from a fixed set. */
  | { type: 'template'; placeholders: readonly string[] };

/** Flags that set settings; each maps to a setting through the schema's `flag` (below). */
export interface SettingFlags {
  service?: string;
  type?: string;
  exporter?: string;
  /** A config file to use instead of the search, or "none". */
  config?: string;
  /**
   * The span's own tags (--tag): a `service` tag names the service unless
   * --service or the environment does (the article's users group by it).
   */
  tags?: Readonly<Record<string, string>>;
}

export interface SettingSpec {
  key: string;
  kind: Kind;
  /** One sentence for `vstrace config --help`, the README and the example file. */
  doc: string;
  /** The environment variables that set it, highest precedence first (VSTRACE_* first). */
  env: readonly string[];
  /** The `vstrace` flag that sets it, as its SettingFlags property. */
  flag?: 'service' | 'type' | 'exporter';
  /** Masked in output: the whole value, or each value of a map. */
  secret?: boolean;
  /** How the default reads in docs when it depends on the machine. */
  defaultText?: string;
}

export const EXPORTERS = ['none', 'otlp', 'jaeger', 'lightstep', 'honeycomb', 'tempo', 'console', 'file'] as const;
export const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export const COMPRESSIONS = ['none', 'gzip'] as const;
/** What an exported span says of the command's arguments: as stored (redacted), the executable and a count, or all of them. */
export const EXPORT_ARGS = ['redacted', 'executable', 'full'] as const;
/** What an exported span says of its tags: as stored (redacted), their names only, or their values as given. */
export const EXPORT_TAGS = ['redacted', 'keys', 'full'] as const;
export const NAME_PLACEHOLDERS = ['{type}', '{command}'] as const;
export const UI_URL_PLACEHOLDERS = ['{traceId}'] as const;

const text = { type: 'string' } as const;
const path = { type: 'path' } as const;
const url = { type: 'url' } as const;
const bool = { type: 'boolean' } as const;
const map = { type: 'map' } as const;
const headers = { type: 'map', names: 'header' } as const;
const ms = { type: 'number', unit: 'milliseconds' } as const;
const days = { type: 'number', unit: 'days' } as const;
const mb = { type: 'number', unit: 'megabytes' } as const;

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'service', kind: text, env: ['VSTRACE_SERVICE'], flag: 'service', doc: 'resource service.name of every span (OTEL_SERVICE_NAME also sets it)' },
  { key: 'defaultType', kind: text, env: ['VSTRACE_TYPE'], flag: 'type', doc: 'type of a span when --type is not given (pipeline, build, deploy, …)' },
  { key: 'defaultTags', kind: map, env: ['VSTRACE_TAGS'], doc: "tags applied to every span, e.g. team and env; a span's own --tag wins" },
  { key: 'resourceAttributes', kind: map, env: ['VSTRACE_RESOURCE_ATTRIBUTES'], doc: 'extra resource attributes (OTEL_RESOURCE_ATTRIBUTES also sets them)' },
  { key: 'nameTemplate', kind: { type: 'template', placeholders: NAME_PLACEHOLDERS }, env: ['VSTRACE_NAME_TEMPLATE'], doc: 'default span name; "{type}: " is dropped when a span has no type' },
  {
    key: 'redact.patterns',
    kind: { type: 'patterns' },
    env: ['VSTRACE_REDACT_PATTERNS'],
    doc: 'regular expressions to redact besides the built-in rules; a group named secret narrows what is hidden',
  },
  {
    key: 'deployment.environment',
    kind: text,
    env: ['VSTRACE_DEPLOYMENT_ENVIRONMENT'],
    doc: 'deployment.environment.name of a span when neither --env nor an env/environment tag names one; unset: none',
  },
  { key: 'deployment.types', kind: { type: 'words' }, env: ['VSTRACE_DEPLOYMENT_TYPES'], doc: 'span types that are deployments (vstrace dora, deployment.status, the audit trail)' },
  { key: 'ci.detect', kind: bool, env: ['VSTRACE_CI_DETECT'], doc: 'detect the CI provider and record its run and job' },
  {
    key: 'run.xtrace',
    kind: bool,
    env: ['VSTRACE_XTRACE'],
    doc: 'every command of a bash script a span of its own, as with run -x; vstrace-sh then runs its lines with bash',
  },
  { key: 'store.home', kind: path, env: ['VSTRACE_HOME'], doc: 'the local store directory', defaultText: '$XDG_DATA_HOME/vstrace, else ~/.local/share/vstrace' },
  { key: 'store.maxAgeDays', kind: days, env: ['VSTRACE_STORE_MAX_AGE_DAYS'], doc: 'spans older than this are pruned; 0: no cap' },
  { key: 'store.maxSizeMb', kind: mb, env: ['VSTRACE_STORE_MAX_SIZE_MB'], doc: 'the oldest spans are pruned beyond this size; 0: no cap' },
  { key: 'export.exporter', kind: { type: 'enum', values: EXPORTERS }, env: ['VSTRACE_EXPORTER'], flag: 'exporter', doc: 'where spans go besides the local store' },
  { key: 'export.endpoint', kind: url, env: ['VSTRACE_EXPORT_ENDPOINT'], doc: 'OTLP base endpoint; /v1/traces is appended for HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)' },
  { key: 'export.tracesEndpoint', kind: url, env: ['VSTRACE_EXPORT_TRACES_ENDPOINT'], doc: 'OTLP traces endpoint, used as is; wins over endpoint' },
  { key: 'export.protocol', kind: { type: 'enum', values: PROTOCOLS }, env: ['VSTRACE_EXPORT_PROTOCOL'], doc: 'OTLP protocol' },
  { key: 'export.headers', kind: headers, env: ['VSTRACE_EXPORT_HEADERS'], secret: true, doc: 'headers sent with every export (values are masked in output)' },
  { key: 'export.timeoutMs', kind: ms, env: ['VSTRACE_EXPORT_TIMEOUT_MS'], doc: 'how long one export request may take' },
  { key: 'export.compression', kind: { type: 'enum', values: COMPRESSIONS }, env: ['VSTRACE_EXPORT_COMPRESSION'], doc: 'compression of export requests' },
  { key: 'export.certificate', kind: path, env: ['VSTRACE_EXPORT_CERTIFICATE'], doc: "PEM file of the CA that signed the endpoint's certificate" },
  { key: 'export.clientKey', kind: path, env: ['VSTRACE_EXPORT_CLIENT_KEY'], doc: "PEM file of the client's private key (mutual TLS)" },
  { key: 'export.clientCertificate', kind: path, env: ['VSTRACE_EXPORT_CLIENT_CERTIFICATE'], doc: "PEM file of the client's certificate (mutual TLS)" },
  { key: 'export.insecure', kind: bool, env: ['VSTRACE_EXPORT_INSECURE'], doc: 'gRPC without TLS' },
  { key: 'export.accessToken', kind: text, env: ['VSTRACE_ACCESS_TOKEN', 'LS_ACCESS_TOKEN'], secret: true, doc: 'token the lightstep and honeycomb presets put in their header' },
  { key: 'export.file', kind: path, env: ['VSTRACE_EXPORT_FILE'], doc: 'for exporter file: where OTLP/JSON lines go' },
  {
    key: 'export.uiUrl',
    kind: { type: 'template', placeholders: UI_URL_PLACEHOLDERS },
    env: ['VSTRACE_UI_URL'],
    doc: "link to a trace in the backend's UI: a template with {traceId}, or the UI's base URL (the exporter preset adds its trace path)",
  },
  {
    key: 'export.commandArgs',
    kind: { type: 'enum', values: EXPORT_ARGS },
    env: ['VSTRACE_EXPORT_COMMAND_ARGS'],
    doc: "what exported spans say of a command's arguments: redacted (as stored), executable (its name and the argument count), full (as typed; the spool holds them until delivered)",
  },
  {
    key: 'export.tags',
    kind: { type: 'enum', values: EXPORT_TAGS },
    env: ['VSTRACE_EXPORT_TAGS'],
    doc: 'what exported spans say of their tags: redacted (as stored), keys (names, every value hidden), full (as given)',
  },
  { key: 'export.rootFlushTimeoutMs', kind: ms, env: ['VSTRACE_ROOT_FLUSH_TIMEOUT_MS'], doc: 'how long the end of a root span waits for its trace to be delivered' },
  { key: 'export.spool.maxAgeDays', kind: days, env: ['VSTRACE_SPOOL_MAX_AGE_DAYS'], doc: 'undelivered spans older than this are dropped (with a warning); 0: no cap' },
  { key: 'export.spool.maxSizeMb', kind: mb, env: ['VSTRACE_SPOOL_MAX_SIZE_MB'], doc: 'the oldest undelivered spans are dropped beyond this size; 0: no cap' },
];

const BY_KEY = new Map(SETTINGS.map((spec) => [spec.key, spec]));
export const settingSpec = (key: string): SettingSpec | undefined => BY_KEY.get(key);

/** Dotted prefixes that hold settings (`export`, `export.spool`, …): objects in files. */
export const SETTING_GROUPS: ReadonlySet<string> = new Set(
  SETTINGS.flatMap(({ key }) =>
    key
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
  ),
);

/** How a kind reads in messages and docs: `one of a, b`, `a number of days`, … */
export function describeKind(kind: Kind): string {
  switch (kind.type) {
    case 'enum':
      return `one of ${kind.values.join(', ')}`;
    case 'number':
      return `a number of ${kind.unit} (0 or more)`;
    case 'boolean':
      return 'a boolean (true or false)';
    case 'map':
      return 'a map of names to text (k=v,k2=v2 in the environment)';
    case 'patterns':
      return 'a list of regular expressions';
    case 'words':
      return 'a list of words (a,b in the environment)';
    case 'template':
      return `text with ${kind.placeholders.join(', ')}`;
    case 'url':
      return 'an http(s) URL';
    case 'path':
      return 'a path';
    case 'string':
      return 'text';
  }
}

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
  /** What exported spans say of a command's arguments and of their tags (the local store is always redacted). */
  commandArgs: (typeof EXPORT_ARGS)[number];
  tags: (typeof EXPORT_TAGS)[number];
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
  /** Deployments (trace/deployment.ts): the environment when a span names none, and which span types are deployments. */
  deployment: { environment?: string; types: string[] };
  ci: { detect: boolean };
  /** run -x for every run: each command of a bash script a span (vstrace-sh then runs its lines with bash). */
  run: { xtrace: boolean };
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
    deployment: { types: [...DEFAULT_DEPLOYMENT_TYPES] },
    ci: { detect: true },
    run: { xtrace: false },
    store: { home: storeHome(env), maxAgeDays: 90, maxSizeMb: 4096 },
    export: {
      exporter: 'none',
      protocol: 'http/protobuf',
      headers: {},
      timeoutMs: 10_000,
      compression: 'none',
      insecure: false,
      commandArgs: 'redacted',
      tags: 'redacted',
      rootFlushTimeoutMs: 2_500,
      spool: { ...DEFAULT_SPOOL_CAPS },
    },
  };
}

/** Edit distance (insert, delete, substitute, swap neighbours), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const last = (key: string): string => key.slice(key.lastIndexOf('.') + 1);
const fold = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');

/**
 * The known key an unknown one most likely meant: a small edit of the whole
 * key (`export.protocl`), the same name in another group (`exporter` →
 * `export.exporter`), or another spelling (`service_name`, `default-type`).
 */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(unknown.length / 4));
  let best: { key: string; score: number } | undefined;
  for (const key of known) {
    const whole = editDistance(fold(unknown), fold(key));
    const name = fold(last(unknown)) === fold(last(key)) ? 1 : Infinity;
    const score = Math.min(whole, name);
    if (score <= limit && (!best || score < best.score)) best = { key, score };
  }
  return best?.key;
}
