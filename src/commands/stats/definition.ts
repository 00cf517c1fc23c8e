import { Option, type Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { asOptionParser, sinceOption } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { parseGroupBy, type GroupBy } from '../../stats/grouping.ts';
import { nowUs } from '../../system/clock.ts';
import { statsCommand } from './action.ts';

const STATS_HELP = `
Examples:
  vstrace stats                          # the last 30 days, by type
  vstrace stats --since 7d --compare     # this week against the week before
  vstrace stats --by tag:service --json
  vstrace stats --since all --by name

Every ended span that started in the period counts once, in the group of its
own type, name or tag (a pipeline and the build inside it are two spans, in
two groups). Percentiles are exact (nearest rank). Open spans are counted
apart. CPU/RUN is the user+system CPU of the command and the children it
waited for, averaged over runs; Linux counts it in 10 ms ticks, so <10ms is
under one tick, and — is not measured (macOS).`;

export function defineStats(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('stats')
    .summary('golden signals per type, name or tag: rate, latency, errors, CPU')
    .addOption(sinceOption())
    .addOption(new Option('--by <group>', 'type, name or tag:KEY').argParser(asOptionParser(parseGroupBy)).default({ kind: 'type' } as GroupBy, 'type'))
    .option('--compare', 'set each figure beside the previous period of equal length', false)
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', STATS_HELP)
    .action((options: { since: number; by: GroupBy; compare: boolean; json: boolean }) => {
      result({ kind: 'output', text: statsCommand(options, io.env, io.isTTY(), nowUs()) });
    });
}
