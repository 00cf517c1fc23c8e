import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { tagOption } from '../../cli/option-parsers.ts';
import { printed, type ResultSink } from '../../cli/result.ts';
import { ciEndCommand, ciStartCommand } from './action.ts';

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

export function defineCi(program: Command, io: CliIO, result: ResultSink): void {
  const ci = program.command('ci').summary('spans for the CI run and job around the steps').addHelpText('after', CI_HELP);
  ci.command('start')
    .summary("open this job's span (and the run's with --pipeline)")
    .option('--pipeline', "also open the run's span (in the first job)", false)
    .addOption(tagOption('a tag; repeatable'))
    .addHelpText('after', CI_HELP)
    .action((options: { pipeline: boolean; tag: string[] }) => result(printed(ciStartCommand(options, io.env))));
  ci.command('end')
    .summary("end this job's span (and the run's with --pipeline)")
    .requiredOption('--status <status>', 'the job status: success, failure, canceled (GitHub job.status, GitLab CI_JOB_STATUS)')
    .option('--pipeline', "also end the run's span (in a last job that runs even when others failed)", false)
    .addOption(tagOption('a tag; repeatable'))
    .addHelpText('after', CI_HELP)
    .action((options: { status: string; pipeline: boolean; tag: string[] }) => result(printed(ciEndCommand(options, io.env))));
}
