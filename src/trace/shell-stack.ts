import { parseTraceparent } from './parent.ts';
import type { Env } from './carrier.ts';

/**
 * The span stack of one shell, kept in its environment so it needs no daemon
 * and follows the shell's own scoping: a subshell `( … )` or a `$( … )`
 * capture inherits a copy and cannot disturb its parent.
 *
 *   TRACEPARENT    the context `vstrace run` nests under (the OpenTelemetry carrier)
 *   VSTRACE_SPAN   the innermost span this shell started with `eval "$(vstrace start --export)"`
 *   VSTRACE_STACK  what those two were before each start, innermost last:
 *                  `<span>:<traceparent>` frames joined by commas, `_` for "none"
 *
 * `start --export` pushes, `end --export` pops. A plain `vstrace end` cannot
 * change its shell's variables, so readers skip started spans that have since
 * ended (see `liveState`): the next `vstrace run` nests under the nearest span
 * still open, never under an ended one.
 */
export interface ShellState {
  traceparent?: string;
  span?: string;
  stack: Frame[];
}

export interface Frame {
  span?: string;
  traceparent?: string;
}

export const STACK_VARS = ['TRACEPARENT', 'VSTRACE_SPAN', 'VSTRACE_STACK'] as const;

const NONE = '_';

export function readShellState(env: Env): ShellState {
  const stack = (env.VSTRACE_STACK ?? '')
    .split(',')
    .filter((f) => f.includes(':'))
    .map((frame): Frame => {
      const cut = frame.indexOf(':');
      const [span, traceparent] = [frame.slice(0, cut), frame.slice(cut + 1)];
      return { ...(span !== NONE ? { span } : {}), ...(traceparent !== NONE ? { traceparent } : {}) };
    });
  return { ...(env.TRACEPARENT ? { traceparent: env.TRACEPARENT } : {}), ...(env.VSTRACE_SPAN ? { span: env.VSTRACE_SPAN } : {}), stack };
}

/** The state after starting `span`, whose context is `traceparent`. */
export function pushState(state: ShellState, span: string, traceparent: string): ShellState {
  const frame: Frame = { ...(state.span ? { span: state.span } : {}), ...(state.traceparent ? { traceparent: state.traceparent } : {}) };
  return { traceparent, span, stack: [...state.stack, frame] };
}

const pop = (state: ShellState): ShellState => {
  const top = state.stack[state.stack.length - 1] ?? {};
  return { ...top, stack: state.stack.slice(0, -1) };
};

/** Whether TRACEPARENT names the span this shell started (and not, say, a `vstrace run` around it). */
const pointsAtStarted = (state: ShellState): boolean =>
  state.span !== undefined && state.traceparent !== undefined && parseTraceparent(state.traceparent).ok && state.traceparent.split('-')[2] === state.span;

/**
 * The state with every ended started span popped off the top: what the shell
 * would hold had each `end` been `eval "$(vstrace end --export)"`. Costs nothing
 * (no `isOpen` call) unless TRACEPARENT names a span started in this shell.
 */
export function liveState(state: ShellState, isOpen: (spanId: string) => boolean): ShellState {
  let current = state;
  while (pointsAtStarted(current) && !isOpen(current.span!)) current = pop(current);
  return current;
}

/** The span `vstrace end` with no id ends: the innermost started span still open. */
export function innermostOpen(state: ShellState, isOpen: (spanId: string) => boolean): string | undefined {
  const spans = [state.span, ...state.stack.map((f) => f.span).reverse()];
  return spans.find((s): s is string => s !== undefined && isOpen(s));
}

/** POSIX shell single-quoting. */
export const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/** `export …; unset …` lines that put `state` into a shell through eval. */
export function exportLines(state: ShellState): string {
  const stack = state.stack.map((f) => `${f.span ?? NONE}:${f.traceparent ?? NONE}`).join(',');
  const values: Record<(typeof STACK_VARS)[number], string | undefined> = {
    TRACEPARENT: state.traceparent,
    VSTRACE_SPAN: state.span,
    VSTRACE_STACK: stack || undefined,
  };
  const set = STACK_VARS.filter((k) => values[k] !== undefined).map((k) => `${k}=${shellQuote(values[k]!)}`);
  const unset = STACK_VARS.filter((k) => values[k] === undefined);
  return [set.length > 0 ? `export ${set.join(' ')}` : '', unset.length > 0 ? `unset ${unset.join(' ')}` : ''].filter(Boolean).join('\n');
}

/** `env` with the carrier replaced by `state` (for reading a parent from it). */
export function withState(env: Env, state: ShellState): Env {
  if (state.traceparent === env.TRACEPARENT) return env;
  const next: Env = { ...env, TRACEPARENT: state.traceparent };
  if (state.traceparent === undefined) delete next.TRACEPARENT;
  return next;
}
