import type { VstraceError } from '../errors.ts';
import { extractFromEnv, type Env } from './carrier.ts';
import type { SpanContext } from './span-context.ts';
import { parseParentRef } from './parent.ts';

export interface ParentChoice {
  parent?: SpanContext;
  /** Set when a parent was given but could not be used: the run starts a new trace and says why. */
  problem?: VstraceError | string;
}

/** Finds a span vstrace recorded, by its 16-hex id (the store is the only place that knows its trace). */
export type SpanLookup = (spanId: string) => SpanContext | undefined;

/**
 * `--parent` wins over the TRACEPARENT environment variable. A bad parent is
 * never fatal: it is reported, and the run becomes the root of a new trace.
 */
export function chooseParent(flag: string | undefined, env: Env, lookup: SpanLookup): ParentChoice {
  if (flag !== undefined) {
    const ref = parseParentRef(flag);
    if (!ref.ok) return { problem: ref.error };
    if (ref.value.kind === 'context') return { parent: ref.value.context };
    const found = lookup(ref.value.spanId);
    return found ? { parent: found } : { problem: `no span ${ref.value.spanId} in the local store; starting a new trace (check the id with "vstrace ls")` };
  }
  const fromEnv = extractFromEnv(env);
  if (fromEnv === undefined) return {};
  return fromEnv.ok ? { parent: fromEnv.value } : { problem: `TRACEPARENT: ${fromEnv.error.message}` };
}
