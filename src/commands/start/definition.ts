import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { tagOption } from '../../cli/option-parsers.ts';
import { printed, type ResultSink } from '../../cli/result.ts';
import { startCommand, type StartOptions } from './action.ts';

const START_HELP = `
Examples:
  ID=$(vstrace start --type=pipeline --tag service=api)   # prints the span id
  vstrace run --parent "$ID" -- docker build .
  vstrace end "$ID"

  eval "$(vstrace start --type=pipeline --export)"       # sets TRACEPARENT in this shell
  vstrace run --type=build -- docker build .              # nests under it
  eval "$(vstrace end --export)"                          # ends it, restores the previous parent`;

export function defineStart(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('start')
    .summary('start a span that another command ends; prints its id')
    .option('--name <name>', 'span name (default: the type)')
    .option('--type <type>', 'kind of work: pipeline, build, deploy, …')
    .addOption(tagOption('a tag; repeatable; key|value also accepted'))
    .option('--env <name>', 'deployment.environment.name: production, staging, … (default: an env or environment tag, else none)')
    .option('--reason <text>', "why this runs (a deploy's audit trail); default none")
    .option('--parent <ref>', 'a traceparent, an uber-trace-id or a vstrace span id (default: $TRACEPARENT, then the CI job)')
    .option('--service <name>', 'service.name of the span')
    .option('--export', 'print `export TRACEPARENT=… VSTRACE_SPAN=…` for eval instead of the id', false)
    .addHelpText('after', START_HELP)
    .action((options: StartOptions) => result(printed(startCommand(options, io.env))));
}
