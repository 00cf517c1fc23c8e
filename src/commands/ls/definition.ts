import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { asOptionParser, positiveInt, since, tagFilter } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { nowUs } from '../../system/clock.ts';
import type { TraceStatus } from '../../trace/filter.ts';
import { lsCommand } from './action.ts';

const STATUSES = ['ok', 'error', 'open'];
const status = asOptionParser((value: string): TraceStatus => {
  if (!STATUSES.includes(value)) throw new Error(`"${value}" is not a status: use ok, error or open`);
  return value as TraceStatus;
});

const LS_HELP = `
Examples:
  vstrace ls
  vstrace ls --since 7d --type deploy --status error
  vstrace ls --tag service=api --limit 5 --json

A trace matches --type and --tag when any of its spans has that type or tag.`;

export function defineLs(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('ls')
    .summary('list recent traces')
    .option('--since <age>', 'only traces that started within this age: 30d, 12h, 90m', since)
    .option('--type <type>', 'only traces with a span of this type')
    .option('--tag <key=value>', 'only traces with a span carrying this tag (repeatable)', tagFilter)
    .option('--status <status>', 'ok, error or open', status)
    .option('--limit <n>', 'how many traces', positiveInt, 20)
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', LS_HELP)
    .action((options: { limit: number; json: boolean; since?: number; type?: string; tag?: Array<[string, string]>; status?: TraceStatus }) => {
      const { tag, ...rest } = options;
      result({ kind: 'output', text: lsCommand({ ...rest, ...(tag ? { tags: tag } : {}) }, io.env, io.isTTY(), nowUs()) });
    });
}
