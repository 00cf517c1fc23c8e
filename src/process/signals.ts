import { os } from '../system/deferred.ts';
import { platform } from '../platform/index.ts';

/** A signal's number on this platform (SIGTERM 15; SIGUSR1 10 on Linux, 30 on macOS). */
export const signalNumber = (signal: NodeJS.Signals): number => os().constants.signals[signal] ?? 0;

/** Signals relayed to the child, as tini and GNU timeout relay them. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/**
 * Signals a terminal sends to its whole foreground process group (Ctrl-C,
 * Ctrl-\, a resize). When vstrace is in that group, the child — in the same
 * group — has already received them; relaying would deliver them twice.
 */
const TERMINAL_SIGNALS = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT', 'SIGWINCH']);

export function shouldRelay(signal: NodeJS.Signals, foreground: () => boolean): boolean {
  return !(TERMINAL_SIGNALS.has(signal) && foreground());
}

/**
 * Installs relays from vstrace to the child; returns the function that removes them.
 * While installed, vstrace itself survives these signals long enough to record the span.
 */
export function relaySignals(relay: (signal: NodeJS.Signals) => void): () => void {
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => {
      if (shouldRelay(signal, platform.inForegroundGroup)) relay(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

/**
 * Dies by `signal`, as the child did, so a parent shell sees the signal and not
 * just a number. Listening and unlistening resets the disposition to the default
 * (Node ignores SIGPIPE and may own SIGSEGV); 128+N is the fallback for signals
 * whose default action does not terminate.
 */
export function dieBySignal(signal: NodeJS.Signals): never {
  const noop = () => {};
  try {
    process.on(signal, noop);
    process.removeListener(signal, noop);
    process.kill(process.pid, signal);
  } catch {
    // SIGKILL/SIGSTOP cannot be listened to, but kill() still delivers them
    try {
      process.kill(process.pid, signal);
    } catch {
      // fall through to the numeric status
    }
  }
  process.exit(128 + signalNumber(signal));
}

/** Resolves at the first SIGINT or SIGTERM: how a long-running command (serve, tail) is asked to stop cleanly. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
