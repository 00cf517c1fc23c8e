import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { since } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { nowUs } from '../../system/clock.ts';
import { reportCommand } from './action.ts';

export function defineReport(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('report')
    .summary('write one self-contained HTML report: signals, charts, traces')
    .option('--since <age>', 'the period: 30d, 12h, 90m, or all', since, 30 * 86_400e6)
    .option('--out <file>', 'where to write it', 'vstrace-report.html')
    .addHelpText('after', '\nExamples:\n  vstrace report\n  vstrace report --since 7d --out public/ci-report.html\n\nThe file needs no network: CSS, scripts and charts are inline.')
    .action((options: { since: number; out: string }) => {
      result({ kind: 'output', text: reportCommand(options, io.env, io.cwd, nowUs()) });
    });
}
