import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { columns } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { showCommand } from './action.ts';

export function defineShow(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('show')
    .summary('show one trace as a waterfall')
    .argument('<trace>', '"last", a trace id, or a prefix of one from vstrace ls')
    .option('--json', 'the spans as JSON, in tree order', false)
    .option('--width <columns>', 'width of the waterfall, at most 1000 (default: the terminal)', columns)
    .option('--all', 'every span: do not fold long runs of siblings', false)
    .addHelpText('after', '\nExamples:\n  vstrace show last\n  vstrace show 4bf92f35 --json\n  vstrace show last --all | less -R')
    .action((ref: string, options: { json: boolean; width?: number; all: boolean }) => {
      result({ kind: 'output', text: showCommand(ref, options, io.env, io.isTTY(), io.columns()) });
    });
}
