import { writeSync } from 'node:fs';

/**
 * Diagnostics go to fd 2 with a synchronous write: vstrace never touches
 * process.stdout/stderr streams on the run path, because creating them can flip
 * O_NONBLOCK on a file description the child shares with us.
 */
export function stderrLine(message: string): void {
  try {
    writeSync(2, `${message}\n`);
  } catch {
    // stderr closed: nothing sensible left to do, and the command's outcome must not change.
  }
}

export type Verbosity = 'quiet' | 'normal' | 'verbose';
let verbosity: Verbosity = 'normal';
export const setVerbosity = (level: Verbosity): void => {
  verbosity = level;
};

/** Something about tracing went wrong; the command itself is unaffected. Silenced by --quiet. */
export function warn(message: string): void {
  if (verbosity !== 'quiet') stderrLine(`vstrace: warning: ${message}`);
}

export const isVerbose = (): boolean => verbosity === 'verbose';

/** Detail for --verbose only. */
export function info(message: string): void {
  if (verbosity === 'verbose') stderrLine(`vstrace: ${message}`);
}

/** Warns once per key for the life of the process (one store failure, not one per span). */
const seen = new Set<string>();
export function warnOnce(key: string, message: string): void {
  if (seen.has(key)) return;
  seen.add(key);
  warn(message);
}
