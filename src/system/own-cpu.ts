import type { CpuTimes } from '../platform/reads.ts';

/** This process's own CPU so far (every thread; not its children), in seconds. */
export function ownCpu(): CpuTimes {
  const { user, system } = process.cpuUsage();
  return { user: user / 1e6, system: system / 1e6 };
}
