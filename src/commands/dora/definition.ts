import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { since } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import type { DoraBy } from '../../stats/dora.ts';
import { nowUs } from '../../system/clock.ts';
import { doraCommand, type DoraOptions } from './action.ts';

const DORA_HELP = `
Examples:
  vstrace dora                                   # the last 90 days, per service and environment
  vstrace dora --since 30d --compare --env production
  vstrace dora --deployments --csv > deployments.csv   # the audit trail: who, what, when, where, why

A deployment is a span of type deploy (vstrace run --type=deploy --env E).
Lead time reads the commits each successful deployment shipped first from
git, now, in the work tree the deployment ran in (or --repo). Every figure
shows its DORA band and the counts it comes from; the rules are in docs/dora.md.`;

export function defineDora(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('dora')
    .summary("DORA's four keys of your deployments, and their audit trail")
    .addOption(new Option('--since <age>', 'the period: 90d, 4w, 12h, or all').argParser(since).default(90 * 86_400e6, '90d'))
    .option('--service <name>', 'only this service')
    .option('--env <name>', 'only this environment (none: deployments that named none)')
    .addOption(new Option('--by <group>', 'pool the figures by service or by env').choices(['service', 'env']))
    .option('--compare', 'beside the previous period of equal length', false)
    .option('--repo <path>', 'read commits from this clone instead of the work tree each deployment recorded')
    .option('--deployments', 'the audit trail: every deployment with who, what, when, where, why and outcome', false)
    .option('--json', 'JSON for scripts', false)
    .option('--csv', 'with --deployments: CSV for a spreadsheet or a compliance export', false)
    .addHelpText('after', DORA_HELP)
    .action((options: Omit<DoraOptions, 'by'> & { by?: Exclude<DoraBy, 'stream'> }) => {
      result({ kind: 'output', text: doraCommand({ ...options, by: options.by ?? 'stream', ...(options.repo ? { repo: resolve(io.cwd, options.repo) } : {}) }, io.env, nowUs()) });
    });
}
