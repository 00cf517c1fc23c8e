import { ciContext, ciIds, jobParent, type CiContext } from '../ci/context.ts';
import type { Settings } from '../config/schema.ts';
import { describe } from '../errors.ts';
import { findSpanContext } from '../store/lookup.ts';
import { isMarkedOpen } from '../store/open-marks.ts';
import type { Env } from '../trace/carrier.ts';
import { chooseParent, type ParentChoice } from '../trace/parent-source.ts';
import { liveState, readShellState, withState } from '../trace/shell-stack.ts';

/**
 * A parent choice and the CI run around it. With both `parent` and `problem`,
 * TRACEPARENT was broken and the CI job's span was taken instead.
 */
export interface ResolvedParent extends ParentChoice {
  /** The CI run around this process, when CI detection is on. */
  ci?: CiContext;
}

/**
 * Where a new span hangs, for `run`, `start` and `event`, in order:
 * `--parent`; else TRACEPARENT — skipping spans this shell started that have
 * since ended (a plain `vstrace end` cannot unset its shell's variables);
 * else, inside CI, the current job's span, derived from the run's identity —
 * also when an inherited TRACEPARENT is broken, since a random trace would
 * lose the step from its run (a bad --parent stays the caller's to judge).
 * Outside a shell that used `vstrace start --export` and outside CI this is
 * exactly chooseParent: no I/O, no extra module.
 */
export function resolveParent(flag: string | undefined, env: Env, settings: Settings): ResolvedParent {
  const live = env.VSTRACE_SPAN
    ? withState(
        env,
        liveState(readShellState(env), (id) => isMarkedOpen(settings.store.home, id)),
      )
    : env;
  const choice = chooseParent(flag, live, (spanId) => findSpanContext(settings.store.home, spanId));
  const ci = settings.ci.detect ? ciContext(env) : undefined;
  if (!ci) return choice;
  if (choice.parent || (choice.problem && flag !== undefined)) return { ...choice, ci };
  const ids = ciIds(ci, env);
  return ids ? { ...choice, parent: jobParent(ids), ci } : { ...choice, ci };
}

/** The warning for a parent that could not be used, saying where the new run or span hangs instead. */
export function parentWarning(choice: ResolvedParent, what: 'run' | 'span'): string | undefined {
  if (!choice.problem) return undefined;
  return `${describe(choice.problem)}; this ${what} ${choice.parent ? "hangs under the CI job's span instead" : 'starts a new trace'}`;
}
