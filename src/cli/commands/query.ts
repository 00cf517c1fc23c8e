import type { Command } from 'commander';
import { lsCommand } from '../../commands/ls.ts';
import { showCommand } from '../../commands/show.ts';
import type { ResultSink } from '../program.ts';
import type { CliIO } from '../run-entry.ts';
import { positiveInt } from './parsers.ts';

/** The local store's read side: ls and show. */
export function registerQueryCommands(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('ls')
    .summary('list recent traces')
    .option('--limit <n>', 'how many traces', positiveInt, 20)
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', '\nExamples:\n  vstrace ls\n  vstrace ls --limit 5 --json')
    .action((options: { limit: number; json: boolean }) => {
      result({ kind: 'output', text: lsCommand(options, io.env, io.isTTY) });
    });

  program
    .command('show')
    .summary('show one trace as a waterfall')
    .argument('<trace>', '"last", a trace id, or a prefix of one from vstrace ls')
    .option('--json', 'the spans as JSON, in tree order', false)
    .option('--width <columns>', 'width of the waterfall (default: the terminal)', positiveInt)
    .addHelpText('after', '\nExamples:\n  vstrace show last\n  vstrace show 4bf92f35 --json')
    .action((ref: string, options: { json: boolean; width?: number }) => {
      result({ kind: 'output', text: showCommand(ref, options, io.env, io.isTTY, io.columns()) });
    });
}
