import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { duration } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { nowUs } from '../../system/clock.ts';
import { pruneCommand } from './action.ts';

export function definePrune(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('prune')
    .summary('delete old spans from the local store')
    .option('--older-than <age>', 'delete days whose spans all ended longer ago than this: 30d, 12h (default: the store.maxAgeDays and store.maxSizeMb settings)', duration)
    .option('--json', 'JSON for scripts', false)
    .addHelpText(
      'after',
      '\nExamples:\n  vstrace prune --older-than 30d\n  vstrace prune                 # apply the configured age and size caps\n\nThe caps are also applied automatically, at most once a day, by ls, show, stats and report.',
    )
    .action((options: { olderThan?: number; json: boolean }) => {
      result({ kind: 'output', text: pruneCommand(options, io.env, nowUs()) });
    });
}
