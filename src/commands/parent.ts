import { ciContext, ciIds, jobParent, type CiContext } from '../ci/context.ts';
import type { Settings } from '../config/settings.ts';
import { findSpanContext } from '../store/lookup.ts';
import { isMarkedOpen } from '../store/open-marks.ts';
import type { Env } from '../trace/carrier.ts';
import { chooseParent, type ParentChoice } from '../trace/parent-source.ts';
import { liveState, readShellState, withState } from '../trace/shell-stack.ts';

export interface ResolvedParent extends ParentChoice {
  /** The CI run around this process, when CI detection is on. */
  ci?: CiContext;
}

/**
 * Where a new span hangs, for `run`, `start` and `event`, in order:
 * `--parent`; else TRACEPARENT — skipping spans this shell started that have
 * since ended (a plain `vstrace end` cannot unset its shell's variables);
 * else, inside CI, the current job's span, derived from the run's identity.
 * Outside a shell that used `vstrace start --export` and outside CI this is
 * exactly chooseParent: no I/O, no extra module.
 */
export function resolveParent(flag: string | undefined, env: Env, settings: Settings): ResolvedParent {
  const live = env.VSTRACE_SPAN ? withState(env, liveState(readShellState(env), (id) => isMarkedOpen(settings.store.home, id))) : env;
  const choice = chooseParent(flag, live, (spanId) => findSpanContext(settings.store.home, spanId));
  const ci = settings.ci.detect ? ciContext(env) : undefined;
  if (!ci) return choice;
  if (choice.parent || choice.problem) return { ...choice, ci };
  const ids = ciIds(ci, env);
  return ids ? { parent: jobParent(ids), ci } : { ci };
}
