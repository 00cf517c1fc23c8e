import { resolveSettings } from '../../config/resolve.ts';
import type { Settings } from '../../config/schema.ts';
import { loadChunk } from '../../chunks.ts';
import type * as ReceiveChunk from '../../receive/index.ts';
import { plural } from '../../plural.ts';
import { readGitInfo } from '../../context/git.ts';
import { readHostInfo } from '../../context/host.ts';
import { describe, quote, VstraceError } from '../../errors.ts';
import { type Ending, failed, withoutNestedCpu } from '../../trace/outcome.ts';
import { joinMakeGroup, leaveRecipeLine } from '../../context/make-group.ts';
import { planSpawn, type ShellArgs, type SpawnPlan } from '../../process/plan.ts';
import { runPlan } from '../../process/spawn.ts';
import { rawBytesFor } from '../../process/raw-bytes.ts';
import { Redactor } from '../../redact/redact.ts';
import { appendSpan, appendSpans } from '../../store/writer.ts';
import { leaveOwnCpu, takeNestedCpu } from '../../store/nested-cpu.ts';
import { ownCpu } from '../../system/own-cpu.ts';
import { checkCollectorEarly, exportRecorded, queueRecorded } from '../../export/deliver.ts';
import { openXtrace, type XtraceSession } from '../../process/xtrace.ts';
import { xtraceSpans } from '../../trace/xtrace-spans.ts';
import type { SpanRecord } from '../../trace/span.ts';
import { EXPORTER_NAMES, isExporterName } from '../../export/presets.ts';
import { injectIntoEnv, type Env } from '../../trace/carrier.ts';
import { newSpanId, newTraceId } from '../../system/random.ts';
import { defaultSpanName, shellLineArgv } from '../../trace/naming.ts';
import { buildRunSpan, type RunFacts } from '../../trace/run-span.ts';
import { parentWarning, resolveParent } from '../../context/parent-span.ts';
import { parseTags } from '../../trace/tags.ts';
import { recordProblem } from '../../store/location.ts';
import { environmentOf, isDeploymentType } from '../../trace/deployment.ts';
import { VERSION } from '../../version.ts';
import { info, stderrLine, warn, warnOnce } from '../../warn.ts';

export interface RunOptions {
  name?: string;
  type?: string;
  tag: string[];
  /** deployment.environment.name. */
  env?: string;
  reason?: string;
  parent?: string;
  service?: string;
  exporter?: string;
  shell: boolean;
  /** -x: every command the bash script runs is a span of its own (docs/xtrace.md); the run.xtrace setting turns it on too. */
  xtrace?: boolean;
  /** A config file instead of the search, or "none". */
  config?: string;
  /** vstrace-sh: /bin/sh's exact arguments; with `shell`, the command is the line they run. */
  shellArgs?: ShellArgs;
  /** vstrace-sh run by make: with no span around make, the lines of one make share a trace under a make span. */
  inMake?: boolean;
  /** Receive the command's own OpenTelemetry spans into the store for as long as it runs. */
  collect?: boolean;
}

/**
 * `vstrace run`: validate (usage errors throw before anything runs), spawn,
 * record. Everything after the spawn is best-effort: tracing may fail, the
 * command's outcome never changes.
 */
export async function runCommand(command: string[], options: RunOptions, env: Env, cwd: string): Promise<Ending> {
  const tags = parseTags(options.tag);
  if (!tags.ok) throw new VstraceError('USAGE', tags.error.message);
  if (command.length === 0 || command[0] === '') throw new VstraceError('USAGE', 'no command given: write it after --, e.g. vstrace run -- make build');
  if (options.exporter !== undefined && !isExporterName(options.exporter)) {
    throw new VstraceError('USAGE', `unknown exporter ${quote(options.exporter)}: use one of ${EXPORTER_NAMES.join(', ')}`);
  }
  const settings = resolveSettings({ ...options, tags: tags.value }, env, cwd);

  const choice = resolveParent(options.parent, env, settings);
  const parentProblem = parentWarning(choice, 'run');
  if (parentProblem) warn(parentProblem);
  const group =
    options.inMake && options.parent === undefined && env.TRACEPARENT === undefined
      ? joinMakeGroup(settings.store.home, choice.parent, env, cwd, (argv) => new Redactor(settings.redact.patterns).argv(argv))
      : undefined;
  const parent = group?.context ?? choice.parent;
  const traceId = parent?.traceId ?? newTraceId();
  const spanId = newSpanId();
  const childContext = { traceId, spanId, flags: parent?.flags ?? '01', ...(parent?.traceState ? { traceState: parent.traceState } : {}) };
  const collector = options.collect ? await startCollector(settings, env) : undefined;
  const childEnv = injectIntoEnv(collector ? collector.env(env) : env, childContext);
  const raw = rawBytesFor(options.shellArgs?.args ?? command, childEnv);
  if (raw && !raw.readable)
    warnOnce(
      'not-utf8',
      'an argument or variable is not valid UTF-8: it reaches the command with U+FFFD in place of those bytes (this system does not keep the bytes exec gave; name the file in UTF-8)',
    );
  const xtraceOn = options.xtrace === true || settings.run.xtrace;
  const planned = planSpawn({ command, shell: options.shell, env: childEnv, shellArgs: options.shellArgs, ...(raw ? { raw } : {}), ...(xtraceOn ? { shellPath: 'bash' } : {}) });
  const xtrace = xtraceOn ? startXtrace(planned.env, planned.inheritFds ?? []) : undefined;
  const plan = xtrace ? { ...planned, env: xtrace.env, passFd: { child: xtrace.childFd, parent: xtrace.parentFd } } : planned;

  const type = options.type ?? settings.defaultType;
  const deployment = isDeploymentType(type, settings.deployment.types);
  const running = runPlan(plan);
  const early = parent ? undefined : checkCollectorEarly(settings, env);
  // Gathered and redacted while the command runs, so it costs the command nothing.
  const host = readHostInfo(env);
  const git = readGitInfo(cwd, deployment);
  const facts = settled(() =>
    redactedFacts({
      options,
      settings,
      plan,
      type,
      tags: tags.value,
      ids: { traceId, spanId, ...(parent ? { parentSpanId: parent.spanId } : {}), ...(parent?.traceState ? { traceState: parent.traceState } : {}) },
      ci: choice.ci?.attributes,
      deployment,
      cwd,
    }),
  );
  const ended = await running;
  if (collector) await collector.stop();
  const outcome = withoutNestedCpu(ended, takeNestedCpu(settings.store.home, spanId));
  if (outcome.ending.kind === 'not-found' || outcome.ending.kind === 'not-executable') {
    stderrLine(`vstrace: ${outcome.ending.message}`);
  }

  try {
    if ('error' in facts) throw facts.error;
    const { redactor, spanTags, ...known } = facts.value;
    const span = buildRunSpan({ ...known, host, ...(git ? { git } : {}), outcome, version: VERSION });
    const commands = xtrace ? commandSpans(xtrace, span, outcome.ending, redactor, plan.display[0] ?? '', options.xtrace === true) : [];
    if (commands.length > 0) {
      span.attributes['vstrace.xtrace.commands'] = commands.length;
      appendSpans(settings.store.home, commands);
      for (const child of commands) queueRecorded(settings, child, env, { kick: false });
    }
    const path = appendSpan(settings.store.home, span);
    info(`recorded span ${spanId} of trace ${traceId} in ${path}${commands.length > 0 ? `, with ${commands.length} command spans` : ''}`);
    if (parent) leaveOwnCpu(settings.store.home, parent.spanId, ownCpu());
    await exportRecorded(settings, span, env, { argv: plan.display, tags: spanTags }, early);
  } catch (error) {
    warn(recordProblem(error));
  }
  if (group) leaveRecipeLine(group, outcome.endUs, failed(outcome.ending));
  return outcome.ending;
}

/** How long requests still under way when the command has ended get to finish. */
const COLLECT_GRACE_MS = 2_000;

/**
 * `--collect`: an OTLP receiver on a free loopback port for the length of the
 * command, HTTP and gRPC on that one port, and the variables that point the
 * command's SDK at it. The protocol is the command's own choice (its SDK's
 * default, or the user's OTEL_EXPORTER_OTLP_PROTOCOL): any is received, and
 * forcing one would break a tool that has only the other exporter. The
 * traces-specific endpoint would win over the general one, and its form
 * differs by protocol (a /v1/traces URL, a bare address): the command does
 * without it, and each SDK derives the right one from the general endpoint.
 * A receiver that cannot start is a warning: the command runs as without it.
 */
async function startCollector(settings: Settings, env: Env): Promise<{ env: (base: Env) => Env; stop: () => Promise<void> } | undefined> {
  try {
    const receivers = await loadChunk<typeof ReceiveChunk>('receive').startLocalReceivers(settings, env, { host: '127.0.0.1', port: 0, grpcPort: 'same' });
    const endpoint = `http://127.0.0.1:${receivers.httpPort}`;
    info(`collecting the command's OpenTelemetry spans at ${endpoint} (OTLP/HTTP and OTLP/gRPC)`);
    return {
      env: (base) => {
        const child: Env = { ...base, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
        delete child.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
        return child;
      },
      stop: async () => {
        await receivers.stop(COLLECT_GRACE_MS);
        const { stored, rejected, refused } = receivers.totals;
        info(`collected ${plural(stored, 'span')} from the command${rejected + refused > 0 ? ` (${rejected} rejected, ${refused} refused)` : ''}`);
      },
    };
  } catch (error) {
    warn(`--collect: no receiver (${describe(error)}); the command runs without one`);
    return undefined;
  }
}

/** The record file for -x, or a warning and an untraced run when the install lacks the helper. */
function startXtrace(env: Env, taken: readonly number[]): XtraceSession | undefined {
  const session = openXtrace(env, taken);
  if (typeof session === 'string') {
    warn(session);
    return undefined;
  }
  return session;
}

/** The run's records → its command spans, under the run's span; says so when no bash traced the command. */
function commandSpans(xtrace: XtraceSession, run: SpanRecord, ending: Ending, redactor: Redactor, program: string, asked: boolean): SpanRecord[] {
  const { shell, spans } = xtraceSpans(xtrace.collect(), {
    traceId: run.traceId,
    spanId: run.spanId,
    ...(run.traceState ? { traceState: run.traceState } : {}),
    startUs: run.startUs,
    endUs: run.endUs ?? run.startUs,
    ...(ending.kind === 'exited' ? { exitCode: ending.exitCode } : {}),
    ...(ending.kind === 'signaled' ? { signal: ending.signal } : {}),
    redact: (line) => redactor.commandLine(line),
    resource: run.resource,
  });
  // With the setting on, every run takes -x: a command that is no bash script is no news.
  if (shell.kind === 'none' && asked && ending.kind !== 'not-found' && ending.kind !== 'not-executable') {
    warn(`-x traces bash scripts, and ${quote(program)} ran no bash that read BASH_ENV (sh, dash and zsh do not): it is one span, its commands untraced`);
  }
  if (shell.kind === 'old') warn(`-x needs bash 5.0 or later (for EPOCHREALTIME), and this is bash ${shell.version}: the script ran untraced by command, as one span`);
  return spans;
}

/** A step's value, or what it threw: for work done while the command runs, whose failure is said only after. */
function settled<T>(step: () => T): { value: T } | { error: unknown } {
  try {
    return { value: step() };
  } catch (error) {
    return { error };
  }
}

interface FactsInput {
  options: RunOptions;
  settings: Settings;
  plan: SpawnPlan;
  type: string | undefined;
  tags: Record<string, string>;
  ids: Pick<RunFacts, 'traceId' | 'spanId' | 'parentSpanId' | 'traceState'>;
  ci: Record<string, string> | undefined;
  deployment: boolean;
  cwd: string;
}

/** What the span says that the command's end does not change: every user-given text redacted. */
function redactedFacts({
  options,
  settings,
  plan,
  type,
  tags,
  ids,
  ci,
  deployment,
  cwd,
}: FactsInput): Omit<RunFacts, 'host' | 'git' | 'outcome' | 'version'> & { redactor: Redactor; spanTags: Record<string, string> } {
  const redactor = new Redactor(settings.redact.patterns);
  const argv = spanArgv(redactor, plan);
  const spanTags = { ...settings.defaultTags, ...tags };
  const environment = environmentOf(options.env, spanTags, settings.deployment.environment);
  // --type and --service are free text a user may paste anything into: recorded redacted, like a tag.
  const shownType = type === undefined ? undefined : redactor.text(type);
  return {
    ...ids,
    name: options.name ? redactor.commandLine(options.name) : defaultSpanName(plan.lineAt === undefined ? argv : shellLineArgv(argv[plan.lineAt] ?? ''), shownType, settings.nameTemplate),
    ...(shownType ? { type: shownType } : {}),
    tags: redactor.tags(spanTags),
    service: redactor.text(settings.service),
    resource: redactor.tags({ ...settings.resourceAttributes, ...ci }),
    ...(environment ? { environment: redactor.text(environment) } : {}),
    deployment: { deployment, ...(options.reason !== undefined ? { reason: redactor.text(options.reason) } : {}) },
    argv,
    cwd,
    redactor,
    spanTags,
  };
}

/** The argv the span records, redacted: a shell line as a line (its words split as sh would), every other argument as one. */
function spanArgv(redactor: Redactor, plan: SpawnPlan): string[] {
  const at = plan.lineAt;
  if (at === undefined) return redactor.argv(plan.display);
  // sh and its flags, then the line: the line is redacted once, as a line (never also as one argument).
  return [...redactor.argv(plan.display.slice(0, at)), redactor.commandLine(plan.display[at] ?? ''), ...redactor.argv(plan.display.slice(at + 1))];
}
