/**
 * What vstrace reads about processes, one function a fact. Linux answers from
 * /proc (procfs.ts); elsewhere — macOS — from what the system offers (ps,
 * portable.ts), only on the rare paths that need it, never on the common run
 * path. index.ts chooses one set for the process.
 */
export interface CpuTimes {
  user: number;
  system: number;
}

export interface PlatformReads {
  /** Which set answers: `procfs` or `portable`, for doctor and tests. */
  name: 'procfs' | 'portable';
  /** Whether this process is in its terminal's foreground process group: asked only when a signal arrives. */
  inForegroundGroup(): boolean;
  /** CPU seconds of this process's reaped children (what `time` prints); undefined where the system cannot tell. */
  childrenCpu(): CpuTimes | undefined;
  /** When a process started, as an opaque token without spaces: with its pid it names one process for good (the pid-reuse guard). */
  processStartTime(pid: number): string | undefined;
  /** processStartTime where that is one cheap read (Linux); undefined where it would cost a process (ps), for callers on a path run per command (make's recipe lines). */
  processStartTimeIfCheap(pid: number): string | undefined;
  /** When a process started, in microseconds since the epoch, where that is one cheap read (Linux); undefined elsewhere. */
  processStartedAtUs(pid: number): number | undefined;
  /** A process's command line, to tell a background flusher from another process holding its pid. */
  commandLine(pid: number): string | undefined;
  /**
   * This process's argv and environment as the bytes exec gave them, where the
   * system keeps them (Linux: /proc/self/cmdline and environ); Node decodes
   * both as UTF-8 and replaces what is not with U+FFFD.
   */
  rawArgv(): Buffer[] | undefined;
  rawEnviron(): Buffer[] | undefined;
  /** The program name of this process's parent (make, npm, a shell). */
  parentProgram(env: Record<string, string | undefined>): string | undefined;
}
