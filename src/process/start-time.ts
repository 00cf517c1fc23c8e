import { readFileSync } from 'node:fs';

/**
 * When a process started, in clock ticks since boot (field 22 of
 * /proc/<pid>/stat). With the pid it names one process for good: a pid alone
 * may since have been reused, or belong to another pid namespace. Undefined
 * where /proc cannot be read (not Linux, /proc not mounted, the process gone).
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Counted after the parenthesised command name, which may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
