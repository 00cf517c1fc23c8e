import { basename } from 'node:path';
import { deploymentAttributes, ENVIRONMENT_ATTR, type DeploymentFacts } from './deployment.ts';
import type { GitInfo, HostInfo } from './facts.ts';
import { describeEnding, failed, type Outcome } from './outcome.ts';
import type { Attributes, SpanRecord } from './span.ts';

/** Everything a finished run contributes to its span, gathered by the adapters. */
export interface RunFacts {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  type?: string;
  tags: Record<string, string>;
  service: string;
  /** Already redacted. */
  argv: string[];
  cwd: string;
  host: HostInfo;
  git?: GitInfo;
  /** Extra resource attributes (CI context, OTEL_RESOURCE_ATTRIBUTES, …). */
  resource?: Attributes;
  /** deployment.environment.name (environmentOf: --env, an env tag, the setting). */
  environment?: string;
  /** The reason given, and whether the span is a deployment (see deployment.ts). */
  deployment?: Omit<DeploymentFacts, 'git'>;
  outcome: Outcome;
  version: string;
}

/**
 * The span of one `vstrace run`, with OpenTelemetry semantic-convention names
 * where they exist. A failure is marked twice on purpose: status ERROR for
 * OpenTelemetry backends, and `error=true`, the OpenTracing tag that Jaeger and
 * LightStep paint red.
 */
export function buildRunSpan(f: RunFacts): SpanRecord {
  const { ending } = f.outcome;
  const isFailure = failed(ending);
  const attributes: Attributes = {
    ...(f.type ? { 'vstrace.type': f.type } : {}),
    'process.executable.name': basename(f.argv[0] ?? ''),
    'process.command_args': f.argv,
    ...(f.outcome.pid !== undefined ? { 'process.pid': f.outcome.pid } : {}),
    ...(f.host.user ? { 'process.owner': f.host.user } : {}),
    'process.working_directory': f.cwd,
    ...(f.git?.branch ? { 'vcs.ref.head.name': f.git.branch } : {}),
    ...(f.git?.revision ? { 'vcs.ref.head.revision': f.git.revision } : {}),
    ...(f.outcome.cpuUserSeconds !== undefined ? { 'vstrace.cpu.user_seconds': f.outcome.cpuUserSeconds } : {}),
    ...(f.outcome.cpuSystemSeconds !== undefined ? { 'vstrace.cpu.system_seconds': f.outcome.cpuSystemSeconds } : {}),
    ...(f.outcome.cpuNestedSeconds !== undefined ? { 'vstrace.cpu.nested_vstrace_seconds': f.outcome.cpuNestedSeconds } : {}),
    ...endingAttributes(f.outcome),
    ...(f.deployment ? deploymentAttributes({ ...f.deployment, ...(f.git ? { git: f.git } : {}) }, isFailure) : {}),
    // user tags last: a user who sets a key on purpose wins over our defaults
    ...f.tags,
  };
  if (isFailure) attributes.error = true;
  return {
    ...spanIdentity(f),
    startUs: f.outcome.startUs,
    endUs: Math.max(f.outcome.endUs, f.outcome.startUs),
    status: isFailure ? { code: 'error', message: describeEnding(ending) } : { code: 'unset' },
    attributes,
    resource: spanResource(f),
  };
}

/** Ids, parent and name: what every span vstrace records starts with. */
export function spanIdentity(f: Pick<RunFacts, 'traceId' | 'spanId' | 'parentSpanId' | 'traceState' | 'name'>): Pick<SpanRecord, 'traceId' | 'spanId' | 'parentSpanId' | 'traceState' | 'name'> {
  return {
    traceId: f.traceId,
    spanId: f.spanId,
    ...(f.parentSpanId ? { parentSpanId: f.parentSpanId } : {}),
    ...(f.traceState ? { traceState: f.traceState } : {}),
    name: f.name,
  };
}

/**
 * The resource of every span vstrace records: who recorded it, where; extra
 * attributes (CI context, OTEL_RESOURCE_ATTRIBUTES) after our defaults, and
 * the service last — it was resolved with its own precedence (--service,
 * OTEL_SERVICE_NAME, …), which a service.name among the extras must not undo.
 */
export function spanResource(f: Pick<RunFacts, 'service' | 'host' | 'version' | 'resource' | 'environment'>): Attributes {
  return {
    'host.name': f.host.hostName,
    'host.arch': f.host.arch,
    'os.type': f.host.osType,
    'telemetry.sdk.name': 'vstrace',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': f.version,
    ...f.resource,
    ...(f.environment ? { [ENVIRONMENT_ATTR]: f.environment } : {}),
    'service.name': f.service,
  };
}

function endingAttributes({ ending }: Outcome): Attributes {
  switch (ending.kind) {
    case 'exited':
      return { 'process.exit.code': ending.exitCode };
    case 'signaled':
      return { signal: ending.signal };
    case 'not-found':
      return { 'process.exit.code': 127 };
    case 'not-executable':
      return { 'process.exit.code': 126 };
  }
}
