import { runCommand } from './action.ts';
import type { Ending } from '../../trace/outcome.ts';
import type { CliIO } from '../../cli/io.ts';
import { setVerbosity } from '../../warn.ts';
import type { ParsedRun } from '../../cli/run-options.ts';

/** `run`, however its arguments were parsed (the fast path in cli.ts, or commander). */
export function runParsed({ command, options }: ParsedRun, io: CliIO): Promise<Ending> {
  setVerbosity(options.quiet ? 'quiet' : options.verbose ? 'verbose' : 'normal');
  return runCommand(command, options, io.env, io.cwd);
}
