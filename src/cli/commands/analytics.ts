import type { Command } from 'commander';
import { pruneCommand } from '../../commands/prune.ts';
import { reportCommand } from '../../commands/report.ts';
import { statsCommand } from '../../commands/stats.ts';
import { parseGroupBy, type GroupBy } from '../../stats/grouping.ts';
import { nowUs } from '../../system/clock.ts';
import type { ResultSink } from '../result.ts';
import type { CliIO } from '../run-entry.ts';
import { asOptionParser, duration, since } from './parsers.ts';

const STATS_HELP = `
Examples:
  vstrace stats                          # the last 30 days, by type
  vstrace stats --since 7d --compare     # this week against the week before
  vstrace stats --by tag:service --json
  vstrace stats --since all --by name

Every ended span that started in the period counts once, in the group of its
own type, name or tag (a pipeline and the build inside it are two spans, in
two groups). Percentiles are exact (nearest rank). Open spans are counted
apart. CPU/RUN is user+system CPU of the command, averaged over runs.`;

/** Answers from the local store: stats, report, prune. */
export function registerAnalyticsCommands(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('stats')
    .summary('golden signals per type, name or tag: rate, latency, errors, CPU')
    .option('--since <age>', 'the period: 30d, 12h, 90m, or all', since, 30 * 86_400e6)
    .option('--by <group>', 'type, name or tag:KEY', asOptionParser(parseGroupBy), { kind: 'type' } as GroupBy)
    .option('--compare', 'set each figure beside the previous period of equal length', false)
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', STATS_HELP)
    .action((options: { since: number; by: GroupBy; compare: boolean; json: boolean }) => {
      result({ kind: 'output', text: statsCommand(options, io.env, io.isTTY, nowUs()) });
    });

  program
    .command('report')
    .summary('write one self-contained HTML report: signals, charts, traces')
    .option('--since <age>', 'the period: 30d, 12h, 90m, or all', since, 30 * 86_400e6)
    .option('--out <file>', 'where to write it', 'vstrace-report.html')
    .addHelpText('after', '\nExamples:\n  vstrace report\n  vstrace report --since 7d --out public/ci-report.html\n\nThe file needs no network: CSS, scripts and charts are inline.')
    .action((options: { since: number; out: string }) => {
      result({ kind: 'output', text: reportCommand(options, io.env, io.cwd, nowUs()) });
    });

  program
    .command('prune')
    .summary('delete old spans from the local store')
    .option('--older-than <age>', 'delete days whose spans all ended longer ago than this: 30d, 12h (default: the store.maxAgeDays and store.maxSizeMb settings)', duration)
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', '\nExamples:\n  vstrace prune --older-than 30d\n  vstrace prune                 # apply the configured age and size caps\n\nThe caps are also applied automatically, at most once a day, by ls, show, stats and report.')
    .action((options: { olderThan?: number; json: boolean }) => {
      result({ kind: 'output', text: pruneCommand(options, io.env, nowUs()) });
    });
}
