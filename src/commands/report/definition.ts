import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { sinceOption } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { nowUs } from '../../system/clock.ts';
import { reportCommand } from './action.ts';

export function defineReport(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('report')
    .summary('write one self-contained HTML report: signals, charts, traces')
    .addOption(sinceOption())
    .option('--out <file>', 'where to write it', 'vstrace-report.html')
    .addHelpText('after', '\nExamples:\n  vstrace report\n  vstrace report --since 7d --out public/ci-report.html\n\nThe file needs no network: CSS, scripts and charts are inline.')
    .action((options: { since: number; out: string }) => {
      result({ kind: 'output', text: reportCommand(options, io.env, io.cwd, nowUs()) });
    });
}
