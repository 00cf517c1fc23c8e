import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc times. 100 on every Linux ABI Node runs on. */
const CLOCK_TICKS = 100;

export interface CpuTimes {
  user: number;
  system: number;
}

/**
 * CPU seconds of this process's reaped children (cutime/cstime), which for
 * vstrace is the wrapped command and everything it waited for — the numbers
 * `time` prints. Node exposes no getrusage(RUSAGE_CHILDREN); /proc has it.
 */
export function childrenCpu(): CpuTimes | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
    const user = Number(fields[13]) / CLOCK_TICKS;
    const system = Number(fields[14]) / CLOCK_TICKS;
    return Number.isFinite(user) && Number.isFinite(system) ? { user, system } : undefined;
  } catch {
    return undefined;
  }
}
