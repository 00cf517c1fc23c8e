import { readFileSync } from 'node:fs';
import { processStartTime } from '../process/start-time.ts';

/** The program name of this process's parent (Linux: /proc/<ppid>/comm), or undefined when it cannot be read. */
export function parentProgram(): string | undefined {
  try {
    return readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export const isMake = (program: string | undefined): boolean => program === 'make' || program === 'gmake';

/**
 * The shell that ran this vstrace, as `vstrace start` records it and `vstrace
 * end` recognises it: its pid and, where /proc tells, its start time.
 */
export function parentShell(): { ppid: number; ppidStart?: string } {
  const ppidStart = processStartTime(process.ppid);
  return ppidStart === undefined ? { ppid: process.ppid } : { ppid: process.ppid, ppidStart };
}
