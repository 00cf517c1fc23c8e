/**
 * Wall clock in integer microseconds: performance.timeOrigin (the wall clock
 * when this process started, with its sub-millisecond part) plus the
 * monotonic performance.now(). Every value, the first included, has
 * microsecond resolution — an epoch taken from Date.now() left each process's
 * first time, a span's start, on a whole millisecond — and durations stay
 * exact and never negative when the clock is stepped mid-run. (The first use
 * of `performance` loads its module: ~0.8 ms of start-up on a 2-core VM.)
 */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/**
 * A monotonic instant, to be turned into wall time later (wallUsAt): reading
 * it loads nothing, so the run path takes the command's start with it and
 * pays for `performance` while the command is already running.
 */
export const instant = (): bigint => process.hrtime.bigint();

/** The wall-clock time of an instant, in µs: now, less the time since (both clocks are monotonic between the two reads). */
export function wallUsAt(at: bigint): number {
  const now = nowUs();
  return now - Math.round(Number(process.hrtime.bigint() - at) / 1000);
}
