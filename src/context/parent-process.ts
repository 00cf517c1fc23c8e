import { platform } from '../platform/index.ts';

/** The program name of this process's parent (make, npm, a shell), or undefined when it cannot be told (platform/). */
export const parentProgram = (env: Record<string, string | undefined>): string | undefined => platform.parentProgram(env);

export const isMake = (program: string | undefined): boolean => program === 'make' || program === 'gmake';

/**
 * The shell that ran this vstrace, as `vstrace start` records it and `vstrace
 * end` recognises it: its pid and, where the system tells, its start time.
 */
export function parentShell(): { ppid: number; ppidStart?: string } {
  const ppidStart = platform.processStartTime(process.ppid);
  return ppidStart === undefined ? { ppid: process.ppid } : { ppid: process.ppid, ppidStart };
}
