import { resolveSettings } from '../../config/resolve.ts';
import { readHostInfo } from '../../context/host.ts';
import { parentShell } from '../../context/parent-process.ts';
import { orThrow, VstraceError } from '../../errors.ts';
import { Redactor } from '../../redact/redact.ts';
import { markOpen, isMarkedOpen } from '../../store/open-marks.ts';
import { appendSpan } from '../../store/writer.ts';
import type { Env } from '../../trace/carrier.ts';
import { formatTraceparent } from '../../trace/span-context.ts';
import { newSpanId, newTraceId } from '../../system/random.ts';
import { exportLines, liveState, pushState, readShellState } from '../../trace/shell-stack.ts';
import { openSpan } from '../../trace/span-lifecycle.ts';
import type { Attributes } from '../../trace/span.ts';
import { nowUs } from '../../system/clock.ts';
import { parseTags } from '../../trace/tags.ts';
import { recordProblem } from '../../store/location.ts';
import { VERSION } from '../../version.ts';
import { warn } from '../../warn.ts';
import { parentWarning, resolveParent, type ResolvedParent } from '../../context/parent-span.ts';
import { ciContext } from '../../ci/context.ts';
import { readGitInfo } from '../../context/git.ts';
import { deploymentAttributes, environmentOf, isDeploymentType } from '../../trace/deployment.ts';

export interface StartOptions {
  name?: string;
  type?: string;
  tag: string[];
  /** deployment.environment.name. */
  env?: string;
  reason?: string;
  parent?: string;
  service?: string;
  /** Print `export …` lines for eval instead of the id. */
  export?: boolean;
  /** A span id chosen by the caller (vscli event ids, CI job spans); default: a random one. */
  spanId?: string;
  /** Fixed ids (CI run and job spans), bypassing parent resolution: the trace, and the parent or none for a root. */
  context?: { traceId: string; parentSpanId?: string };
  attributes?: Attributes;
}

/**
 * `vstrace start`: record an open span and hand back its id. The store is the
 * state: `end` may run in another shell, minutes later. A `--parent` that
 * cannot be used is an error here (unlike `run`, there is no command to
 * protect, and a silently split trace is worse than a failed step); a bad
 * TRACEPARENT inherited from the environment only warns, as it does for `run`.
 */
export function startCommand(options: StartOptions, env: Env): string {
  const tags = orThrow(parseTags(options.tag));
  const settings = resolveSettings({ ...options, tags }, env);
  const choice = options.context ? fixedParent(options.context, env, settings.ci.detect) : resolveParent(options.parent, env, settings);
  if (choice.problem && options.parent !== undefined) {
    throw typeof choice.problem === 'string' ? new VstraceError('NOT_FOUND', choice.problem.replace(/; starting a new trace/, '')) : choice.problem;
  }
  const parentProblem = parentWarning(choice, 'span');
  if (parentProblem) warn(parentProblem);
  const { parent } = choice;
  const redactor = new Redactor(settings.redact.patterns);
  const type = options.type ?? settings.defaultType;
  const spanTags = { ...settings.defaultTags, ...tags };
  const environment = environmentOf(options.env, spanTags, settings.deployment.environment);
  const deployment = isDeploymentType(type, settings.deployment.types);
  const git = deployment ? readGitInfo(process.cwd(), true) : undefined;
  // --type and --service are free text a user may paste anything into: recorded redacted, like a tag.
  const shownType = type === undefined ? undefined : redactor.text(type);
  const span = openSpan({
    traceId: parent?.traceId ?? options.context?.traceId ?? newTraceId(),
    spanId: options.spanId ?? newSpanId(),
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    ...(parent?.traceState ? { traceState: parent.traceState } : {}),
    name: redactor.commandLine(options.name ?? shownType ?? 'span'),
    ...(shownType ? { type: shownType } : {}),
    tags: redactor.tags(spanTags),
    attributes: {
      ...deploymentAttributes({ deployment, ...(options.reason !== undefined ? { reason: redactor.text(options.reason) } : {}), ...(git ? { git } : {}) }, undefined),
      ...options.attributes,
    },
    ...(environment ? { environment: redactor.text(environment) } : {}),
    service: redactor.text(settings.service),
    host: readHostInfo(env),
    resource: redactor.tags({ ...settings.resourceAttributes, ...choice.ci?.attributes }),
    startUs: nowUs(),
    version: VERSION,
  });
  try {
    appendSpan(settings.store.home, span);
    markOpen(settings.store.home, { spanId: span.spanId, traceId: span.traceId, ...parentShell(), startUs: span.startUs });
  } catch (error) {
    throw new VstraceError('STORE', recordProblem(error));
  }
  if (!options.export) return span.spanId;
  const traceparent = formatTraceparent({ traceId: span.traceId, spanId: span.spanId, flags: parent?.flags ?? '01' });
  const state = liveState(readShellState(env), (id) => isMarkedOpen(settings.store.home, id));
  return exportLines(pushState(state, span.spanId, traceparent));
}

function fixedParent(context: NonNullable<StartOptions['context']>, env: Env, detectCi: boolean): ResolvedParent {
  const ci = detectCi ? ciContext(env) : undefined;
  return {
    ...(context.parentSpanId ? { parent: { traceId: context.traceId, spanId: context.parentSpanId, flags: '01' } } : {}),
    ...(ci ? { ci } : {}),
  };
}
