/**
 * How a wrapped command ended. One shape for success and failure, feeding
 * both vstrace's own exit status and the span.
 */
export type Ending = { kind: 'exited'; exitCode: number } | { kind: 'signaled'; signal: NodeJS.Signals } | { kind: 'not-found'; message: string } | { kind: 'not-executable'; message: string };

export interface Outcome {
  ending: Ending;
  pid?: number;
  startUs: number;
  endUs: number;
  /** CPU seconds the command (and the children it waited for) used, nested vstrace processes excluded. */
  cpuUserSeconds?: number;
  cpuSystemSeconds?: number;
  /** The CPU seconds of nested vstrace processes taken out of the figures above. */
  cpuNestedSeconds?: number;
}

/**
 * The command's CPU without what nested vstrace processes used themselves
 * (they reported it; their commands' CPU stays in). Never below zero: a nested
 * run the command did not wait for reports CPU the figure never held.
 */
export function withoutNestedCpu(outcome: Outcome, nested: { user: number; system: number } | undefined): Outcome {
  if (!nested || outcome.cpuUserSeconds === undefined || outcome.cpuSystemSeconds === undefined) return outcome;
  const user = Math.max(0, outcome.cpuUserSeconds - nested.user);
  const system = Math.max(0, outcome.cpuSystemSeconds - nested.system);
  const taken = outcome.cpuUserSeconds - user + (outcome.cpuSystemSeconds - system);
  return { ...outcome, cpuUserSeconds: roundCpu(user), cpuSystemSeconds: roundCpu(system), cpuNestedSeconds: roundCpu(taken) };
}

/** Ticks are 10 ms and the nested figures microseconds: three decimals say everything measured. */
const roundCpu = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/**
 * The exit-status rule, as `env` and `timeout` have it:
 * the child's own code; 128+N for death by signal N (vstrace re-raises the
 * signal, this is the fallback); 127 command not found; 126 not executable.
 * vstrace's own usage errors are 125 and never reach an Outcome. The signal's
 * number is the platform's (process/signals.ts), passed in: the core reads nothing.
 */
export function exitStatusOf(ending: Ending, signalNumber: (signal: NodeJS.Signals) => number): number {
  switch (ending.kind) {
    case 'exited':
      return ending.exitCode;
    case 'signaled':
      return 128 + signalNumber(ending.signal);
    case 'not-found':
      return 127;
    case 'not-executable':
      return 126;
  }
}

export const failed = (ending: Ending): boolean => !(ending.kind === 'exited' && ending.exitCode === 0);

/** The span status message for a failure: `exit code 2`, `killed by SIGTERM`, … */
export function describeEnding(ending: Ending): string {
  switch (ending.kind) {
    case 'exited':
      return `exit code ${ending.exitCode}`;
    case 'signaled':
      return `killed by ${ending.signal}`;
    case 'not-found':
    case 'not-executable':
      return ending.message;
  }
}

export const USAGE_EXIT = 125;
