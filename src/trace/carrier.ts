import type { Result } from '../errors.ts';
import { formatTraceparent, type SpanContext } from './span-context.ts';
import { parseTraceparent } from './parent.ts';

/**
 * The OpenTelemetry environment-variable carrier: TRACEPARENT, TRACESTATE and
 * BAGGAGE, upper-case names, values opaque (only TRACEPARENT is parsed).
 */
export type Env = Record<string, string | undefined>;

/** The parent context in the environment, if any; an invalid one is an error value, never a throw. */
export function extractFromEnv(env: Env): Result<SpanContext> | undefined {
  const traceparent = env.TRACEPARENT;
  if (traceparent === undefined || traceparent.trim() === '') return undefined;
  const parsed = parseTraceparent(traceparent);
  if (!parsed.ok) return parsed;
  const traceState = env.TRACESTATE;
  return { ok: true, value: traceState ? { ...parsed.value, traceState } : parsed.value };
}

/**
 * The child's copy of the environment, naming the new span as its parent.
 * BAGGAGE passes through untouched; TRACESTATE follows the context it belongs to.
 */
export function injectIntoEnv(env: Env, ctx: SpanContext): Env {
  const child: Env = { ...env, TRACEPARENT: formatTraceparent(ctx) };
  if (ctx.traceState) child.TRACESTATE = ctx.traceState;
  else delete child.TRACESTATE;
  return child;
}
