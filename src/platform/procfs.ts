import { readFileSync } from 'node:fs';
import type { CpuTimes, PlatformReads } from './reads.ts';
import { nowUs } from '../system/clock.ts';

/** USER_HZ: the unit of /proc times. 100 on every Linux ABI Node runs on. */
const CLOCK_TICKS = 100;

/** The fields of /proc/<pid>/stat after the parenthesised command name (which may hold spaces): fields[0] is field 3, state. */
function statFields(pid: number | 'self'): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A /proc file of NUL-terminated entries, as bytes. */
function nulSeparated(path: string): Buffer[] | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const entries: Buffer[] = [];
  for (let from = 0; from < bytes.length; ) {
    const end = bytes.indexOf(0, from);
    const to = end < 0 ? bytes.length : end;
    entries.push(bytes.subarray(from, to));
    from = to + 1;
  }
  return entries;
}

/** Linux: everything from /proc, one small read each. */
export const procfs: PlatformReads = {
  name: 'procfs',
  inForegroundGroup() {
    const fields = statFields('self');
    if (!fields) return false;
    // state ppid pgrp session tty_nr tpgid …
    const [pgrp, ttyNr, tpgid] = [Number(fields[2]), Number(fields[4]), Number(fields[5])];
    return ttyNr !== 0 && tpgid === pgrp;
  },
  childrenCpu(): CpuTimes | undefined {
    const fields = statFields('self');
    // cutime and cstime are fields 16 and 17.
    const user = Number(fields?.[13]) / CLOCK_TICKS;
    const system = Number(fields?.[14]) / CLOCK_TICKS;
    return Number.isFinite(user) && Number.isFinite(system) ? { user, system } : undefined;
  },
  // starttime, field 22: clock ticks since boot.
  processStartTime: (pid) => statFields(pid)?.[19],
  processStartTimeIfCheap: (pid) => procfs.processStartTime(pid),
  // Its age from /proc/uptime (10 ms precision) rather than /proc/stat's btime, which is whole seconds.
  processStartedAtUs(pid) {
    const ticks = Number(statFields(pid)?.[19]);
    const uptime = Number.parseFloat(read('/proc/uptime') ?? '');
    return Number.isFinite(ticks) && Number.isFinite(uptime) ? Math.round(nowUs() - (uptime - ticks / CLOCK_TICKS) * 1e6) : undefined;
  },
  rawArgv: () => nulSeparated('/proc/self/cmdline'),
  rawEnviron: () => nulSeparated('/proc/self/environ'),
  commandLine: (pid) => read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ').trim(),
  parentProgram: () => read(`/proc/${process.ppid}/comm`)?.trim(),
};
