import { readFileSync } from 'node:fs';

/** The program name of this process's parent (Linux: /proc/<ppid>/comm), or undefined when it cannot be read. */
export function parentProgram(): string | undefined {
  try {
    return readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export const isMake = (program: string | undefined): boolean => program === 'make' || program === 'gmake';
