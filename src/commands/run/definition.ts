import { Option, type Command } from 'commander';
import type { ResultSink } from '../../cli/result.ts';
import type { CliIO } from '../../cli/io.ts';
import { runParsed } from './entry.ts';
import { commanderFlags, RUN_OPTIONS, type ParsedRun } from '../../cli/run-options.ts';
import { collect, givenValue } from '../../cli/option-parsers.ts';

const RUN_HELP = `
Examples:
  vstrace run --type=build --tag service=api -- docker build -f Dockerfile.api .
  vstrace run --type=deploy --shell -- 'kubectl apply -f k8s/ | tee apply.log'
  vstrace run --parent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 -- make test

The command runs exactly as it would without vstrace: same stdio, same exit
status (128+N and the same signal when it is killed), 127 when not found, 126
when not executable; 125 is vstrace's own usage error.`;

export function defineRun(program: Command, io: CliIO, result: ResultSink): void {
  const run = program
    .command('run')
    .summary('run a command and record it as a span')
    .description('Run a command exactly as without vstrace, and record it as a span in the local store.')
    .argument('<command...>', 'the command and its arguments (after --)')
    .passThroughOptions()
    .addHelpText('after', RUN_HELP)
    .action(async (command: string[], options: ParsedRun['options']) => {
      result({ kind: 'ended', ending: await runParsed({ command, options }, io) });
    });
  for (const spec of RUN_OPTIONS) {
    const option = new Option(commanderFlags(spec), spec.help);
    const given = givenValue(spec.long, spec.placeholder ?? '');
    if (spec.kind === 'value') option.argParser(given);
    if (spec.kind === 'list') option.argParser((value: string, previous?: string[]) => collect(given(value), previous)).default([], 'none');
    if (spec.key === 'shell') option.default(false);
    if (spec.key === 'quiet') option.conflicts('verbose');
    run.addOption(option);
  }
}
