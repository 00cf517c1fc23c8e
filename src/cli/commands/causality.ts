import type { Command } from 'commander';
import { ciEndCommand, ciStartCommand } from '../../commands/ci.ts';
import { endCommand } from '../../commands/end.ts';
import { eventCommand } from '../../commands/event.ts';
import { orThrow, quote, VstraceError } from '../../errors.ts';
import { startCommand, type StartOptions } from '../../commands/start.ts';
import type { CommandResult, ResultSink } from '../result.ts';
import type { CliIO } from '../run-entry.ts';
import { EVENT_USAGE, parseEventArgs } from '../../trace/vscli-grammar.ts';
import { collect } from './parsers.ts';

/**
 * A usage error of its own rather than commander's InvalidArgumentError, so a
 * bad --exit-code reads like end's other usage errors: one line, exit 2.
 */
const exitCode = (value: string): number => {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 255) {
    throw new VstraceError('USAGE', `--exit-code ${quote(value)} is not an exit status: give a whole number from 0 to 255, e.g. --exit-code "$?"`);
  }
  return Number(value);
};

/** Text for stdout, or nothing at all (not even a newline) when a command has nothing to say. */
const printed = (text: string): CommandResult => (text === '' ? { kind: 'none' } : { kind: 'output', text });

const START_HELP = `
Examples:
  ID=$(vstrace start --type=pipeline --tag service=api)   # prints the span id
  vstrace run --parent "$ID" -- docker build .
  vstrace end "$ID"

  eval "$(vstrace start --type=pipeline --export)"       # sets TRACEPARENT in this shell
  vstrace run --type=build -- docker build .              # nests under it
  eval "$(vstrace end --export)"                          # ends it, restores the previous parent`;

const END_HELP = `
Examples:
  vstrace end 53995c3f42cd8ad8
  vstrace end "$ID" --exit-code "$?"         # non-zero: the span is an error
  vstrace end --status error                 # the innermost span this shell started
  eval "$(vstrace end --export)"             # … and restore the previous TRACEPARENT`;

const EVENT_HELP = `
The seed's vscli grammar, verbatim (vscli is installed as a second name for vstrace):
  TRACEID="$(vscli event -tag='source|gcloud' -tag='service|api' -type=pipeline start)"
  BUILD="$(vscli event -type=build -tag='type|docker' start -parent-event-id=vstrace-customhttp-pipeline-default-\${TRACEID})"
  vscli event -type=build end -event-id=\${BUILD}
  vscli event -type=pipeline end -event-id=\${TRACEID} -error -exit-code=2

${EVENT_USAGE}`;

const CI_HELP = `
Examples (GitHub Actions):
  - run: vstrace ci start --pipeline                      # first step of the first job
  - run: vstrace run --type=test -- npm test              # nests under the job by itself
  - if: always()
    run: vstrace ci end --status \${{ job.status }}        # last step of every job
  # a last job (needs: all the others, if: always()) ends the run, failed or not:
  - run: vstrace ci start && vstrace ci end --pipeline --status <the run's outcome>
Examples (GitLab CI):
  before_script: [vstrace ci start]
  after_script: ['vstrace ci end --status "$CI_JOB_STATUS"']
  # in stage .post, a job with when: on_failure and one with when: on_success end the pipeline:
  script: ['vstrace ci end --pipeline --status failed']   # or success`;

/** Spans across processes and shells: start/end, vscli's event, CI runs and jobs. */
export function registerCausalityCommands(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('start')
    .summary('start a span that another command ends; prints its id')
    .option('--name <name>', 'span name (default: the type)')
    .option('--type <type>', 'kind of work: pipeline, build, deploy, …')
    .option('--tag <key=value>', 'a tag; repeatable; key|value also accepted', collect, [])
    .option('--parent <ref>', 'a traceparent, an uber-trace-id or a vstrace span id (default: $TRACEPARENT, then the CI job)')
    .option('--service <name>', 'service.name of the span')
    .option('--export', 'print `export TRACEPARENT=… VSTRACE_SPAN=…` for eval instead of the id', false)
    .addHelpText('after', START_HELP)
    .action((options: StartOptions) => result(printed(startCommand(options, io.env))));

  program
    .command('end')
    .summary('end a span that vstrace start began')
    .argument('[id]', 'the span id start printed (default: the innermost open span of this shell)')
    .option('--status <status>', 'ok, error or unset (also success, failure, canceled)')
    .option('--exit-code <n>', 'the exit status of the work; non-zero makes the span an error', exitCode)
    .option('--tag <key=value>', 'a tag to add; repeatable', collect, [])
    .option('--export', 'print the shell variables to restore the previous parent, for eval', false)
    .addHelpText('after', END_HELP)
    .action((id: string | undefined, options: { status?: string; exitCode?: number; tag: string[]; export: boolean }) =>
      result(printed(endCommand(id, options, io.env))));

  program
    .command('event')
    .summary("the seed's vscli event grammar: -type=… -tag='k|v' start|end")
    .argument('[words...]', 'flags and start/end, in any order')
    .allowUnknownOption()
    .helpOption('--help')
    .addHelpText('after', EVENT_HELP)
    .action((words: string[]) => {
      result(printed(eventCommand(orThrow(parseEventArgs(words)), io.env)));
    });

  const ci = program.command('ci').summary('spans for the CI run and job around the steps').addHelpText('after', CI_HELP);
  ci.command('start')
    .summary("open this job's span (and the run's with --pipeline)")
    .option('--pipeline', "also open the run's span (in the first job)", false)
    .option('--tag <key=value>', 'a tag; repeatable', collect, [])
    .addHelpText('after', CI_HELP)
    .action((options: { pipeline: boolean; tag: string[] }) => result(printed(ciStartCommand(options, io.env))));
  ci.command('end')
    .summary("end this job's span (and the run's with --pipeline)")
    .requiredOption('--status <status>', 'the job status: success, failure, canceled (GitHub job.status, GitLab CI_JOB_STATUS)')
    .option('--pipeline', "also end the run's span (in a last job that runs even when others failed)", false)
    .option('--tag <key=value>', 'a tag; repeatable', collect, [])
    .addHelpText('after', CI_HELP)
    .action((options: { status: string; pipeline: boolean; tag: string[] }) => result(printed(ciEndCommand(options, io.env))));
}
