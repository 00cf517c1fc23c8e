import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VSTRACE } from '../../support/cli.ts';

export const DRIVERS = fileURLToPath(new URL('../drivers', import.meta.url));

/** The signals of the fidelity matrix, as `kill -NAME` and Node spell them. */
export const SIGNALS = ['INT', 'TERM', 'HUP', 'QUIT', 'KILL', 'SEGV'] as const;

/** What a shell prints when its child dies by the signal (no line for INT: shells stay quiet about Ctrl-C). */
export const DEATH_REPORT: Record<string, string | undefined> = {
  TERM: 'Terminated',
  HUP: 'Hangup',
  QUIT: 'Quit',
  KILL: 'Killed',
  SEGV: 'Segmentation fault',
};

/**
 * Which codes also run nested: the edges of every range a shell gives meaning to
 * (0/1/2, 125–129 around vstrace's own and the signal statuses, 254/255) and every
 * k-th code in between. `VSTRACE_STRESS_FULL=1` runs all 256 nested.
 */
export function nestedSample(step: number): Set<number> {
  if (process.env.VSTRACE_STRESS_FULL === '1') return new Set(Array.from({ length: 256 }, (_, i) => i));
  const edges = [0, 1, 2, 125, 126, 127, 128, 129, 254, 255];
  return new Set([...edges, ...Array.from({ length: 256 }, (_, i) => i).filter((i) => i % step === 0)]);
}

export interface MatrixRow {
  name: string;
  bare: string;
  wrapped: string;
  nested: string;
}

/** Runs the whole matrix in one process tree of `shell`; returns its rows and the shell's own stderr. */
export function runShellMatrix(shell: 'bash' | 'dash', cases: string[], env: Record<string, string>) {
  const r = spawnSync(shell, [`${DRIVERS}/exit-matrix.sh`, VSTRACE, ...cases], { env, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${shell} driver failed (${r.status ?? r.signal}): ${r.stderr}`);
  const rows: MatrixRow[] = r.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [name = '', bare = '', wrapped = '', nested = ''] = line.split(' ');
      return { name, bare, wrapped, nested };
    });
  return { rows, stderr: r.stderr };
}

/** Counts each death report in a shell's stderr (bash adds "line N: PID" and the command; dash prints the word alone). */
export function countDeathReports(stderr: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of stderr.split('\n')) {
    for (const word of Object.values(DEATH_REPORT)) {
      if (word && new RegExp(`(^|\\s)${word}(\\s|$)`).test(line)) counts[word] = (counts[word] ?? 0) + 1;
    }
  }
  return counts;
}

/** Runs the cases as targets of one make; returns make's report ("Error 42 (ignored)", "Killed (ignored)", …). */
export function runMake(targets: string[], wrapper: string, env: Record<string, string>): string {
  const r = spawnSync('make', ['-i', '-f', `${DRIVERS}/exit.mk`, `W=${wrapper}`, ...targets], {
    env,
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`make failed (${r.status ?? r.signal}): ${r.stderr}`);
  return r.stderr;
}
