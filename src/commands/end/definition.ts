import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { tagOption } from '../../cli/option-parsers.ts';
import { printed, type ResultSink } from '../../cli/result.ts';
import { quote, VstraceError } from '../../errors.ts';
import { endCommand } from './action.ts';

/**
 * A usage error of its own rather than commander's InvalidArgumentError, so a
 * bad --exit-code reads like end's other usage errors: one line, exit 2.
 */
const exitCode = (value: string): number => {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 255) {
    throw new VstraceError('USAGE', `--exit-code ${quote(value)} is not an exit status: give a whole number from 0 to 255, e.g. --exit-code "$?"`);
  }
  return Number(value);
};

const END_HELP = `
Examples:
  vstrace end 53995c3f42cd8ad8
  vstrace end "$ID" --exit-code "$?"         # non-zero: the span is an error
  vstrace end --status error                 # the innermost span this shell started
  eval "$(vstrace end --export)"             # … and restore the previous TRACEPARENT`;

export function defineEnd(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('end')
    .summary('end a span that vstrace start began')
    .argument('[id]', 'the span id start printed (default: the innermost open span of this shell)')
    .option('--status <status>', 'ok, error or unset (also success, failure, canceled)')
    .option('--exit-code <n>', 'the exit status of the work; non-zero makes the span an error', exitCode)
    .addOption(tagOption('a tag to add; repeatable'))
    .option('--export', 'print the shell variables to restore the previous parent, for eval', false)
    .addHelpText('after', END_HELP)
    .action((id: string | undefined, options: { status?: string; exitCode?: number; tag: string[]; export: boolean }) => result(printed(endCommand(id, options, io.env))));
}
