import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { asOptionParser, tagFilter } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { tailCommand } from './action.ts';

const TAIL_HELP = `
Examples:
  vstrace tail
  vstrace tail --status error
  vstrace tail --json | jq -r .name

Spans appear as they end: those of vstrace run, and those vstrace serve or
vstrace import store. Ctrl-C stops it.`;

const status = asOptionParser((value: string): 'ok' | 'error' => {
  if (value !== 'ok' && value !== 'error') throw new Error(`"${value}" is not a status: use ok or error`);
  return value;
});

export function defineTail(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('tail')
    .summary('print spans as they are stored, until Ctrl-C')
    .option('--type <type>', 'only spans of this type')
    .option('--tag <key=value>', 'only spans carrying this tag, e.g. service.name=api (repeatable)', tagFilter)
    .option('--status <status>', 'ok or error', status)
    .option('--json', 'one JSON object per span, for scripts', false)
    .addHelpText('after', TAIL_HELP)
    .action(async (options: { json: boolean; type?: string; tag?: Array<[string, string]>; status?: 'ok' | 'error' }) => {
      const { tag, ...rest } = options;
      result(await tailCommand({ ...rest, ...(tag ? { tags: tag } : {}) }, io.env, io.isTTY(), (text) => process.stdout.write(text)));
    });
}
