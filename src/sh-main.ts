import { shCommand } from './commands/sh/action.ts';
import { workingDir } from './context/cwd.ts';
import { isVstraceError } from './errors.ts';
import { dieBySignal, signalNumber } from './process/signals.ts';
import { exitStatusOf } from './trace/outcome.ts';
import { stderrLine } from './warn.ts';
import { shOwnInfo } from './sh/sh-help.ts';

/**
 * The edge of `vstrace-sh`, a drop-in `/bin/sh` that traces what it runs
 * (make's SHELL, npm's script-shell). It runs before every recipe line, so it
 * loads only the run path: no commander. It exits exactly as sh did; its own
 * usage errors exit 2, as sh's do.
 */
async function main(args: string[]): Promise<void> {
  const info = shOwnInfo(args);
  if (info !== undefined) {
    process.stdout.write(`${info}\n`);
    process.exit(0);
  }
  try {
    const ending = await shCommand(args, process.env, workingDir(process.env));
    if (ending.kind === 'signaled') dieBySignal(ending.signal);
    process.exit(exitStatusOf(ending, signalNumber));
  } catch (error) {
    const message = isVstraceError(error) ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)} (please report it)`;
    stderrLine(`vstrace-sh: ${message}`);
    process.exit(2);
  }
}

void main(process.argv.slice(2));
