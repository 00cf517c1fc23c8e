import { workingDir } from '../context/cwd.ts';
import { isVstraceError } from '../errors.ts';
import { dieBySignal, signalNumber } from '../process/signals.ts';
import { tty } from '../system/deferred.ts';
import { exitStatusOf } from '../trace/outcome.ts';
import { stderrLine } from '../warn.ts';
import type { CliIO } from './io.ts';
import type { CommandResult } from './result.ts';
import { afterStdout, writeStdout } from './stdout.ts';

/**
 * The two ends every entry shares (src/cli.ts, and vscli's event entry
 * src/vscli-main.ts): the I/O a command is handed, and the only code that
 * exits — with a command's result, or with an error as one line.
 */
export function cliIO(): CliIO {
  return {
    env: process.env,
    cwd: workingDir(process.env),
    // isatty(1), not process.stdout: creating the stream on the run path could change the fd the child shares.
    // Asked only by commands that print (the tty module is not loaded for run).
    isTTY: () => tty().isatty(1),
    columns: () => process.stdout.columns,
    // Help too: a reader that has had enough (`vstrace run --help | head -3`) closes the pipe, which is no error.
    out: (text) => writeStdout(text),
  };
}

export function finish(result: CommandResult): void {
  switch (result.kind) {
    case 'ended':
      if (result.ending.kind === 'signaled') dieBySignal(result.ending.signal);
      process.exit(exitStatusOf(result.ending, signalNumber));
      break;
    case 'output':
      writeStdout(`${result.text}\n`, (failed) => process.exit(failed ? 1 : (result.exitCode ?? 0)));
      break;
    case 'none': {
      const code = result.exitCode;
      // Help or the version may still be on its way to a slow reader (cli/stdout.ts).
      if (code !== undefined) afterStdout((failed) => process.exit(failed && code === 0 ? 1 : code));
      break;
    }
  }
}

/** A usage error exits `usageExit` (125 for run, 2 otherwise), a config error 2, anything else 1 (`internalExit` when vstrace itself broke). */
export function exitWithError(error: unknown, usageExit: number, internalExit: number): never {
  if (isVstraceError(error)) {
    stderrLine(`vstrace: ${error.message}`);
    process.exit(error.code === 'USAGE' || error.code === 'BAD_TAG' ? usageExit : error.code === 'BAD_CONFIG' ? 2 : 1);
  }
  stderrLine(`vstrace: internal error: ${error instanceof Error ? error.message : String(error)} (please report it)`);
  process.exit(internalExit);
}
