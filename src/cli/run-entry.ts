import { runCommand } from '../commands/run.ts';
import type { Ending } from '../trace/outcome.ts';
import { setVerbosity } from '../warn.ts';
import type { ParsedRun } from './run-options.ts';

/** What the edge hands every command: the process's environment and terminal, read once. */
export interface CliIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  columns: () => number | undefined;
}

/** `run`, however its arguments were parsed (the fast path in cli.ts, or commander). */
export function runParsed({ command, options }: ParsedRun, io: CliIO): Promise<Ending> {
  setVerbosity(options.quiet ? 'quiet' : options.verbose ? 'verbose' : 'normal');
  return runCommand(command, options, io.env, io.cwd);
}
