import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import type { ResultSink } from '../../cli/result.ts';
import { withSettingOptions } from '../../cli/setting-options.ts';
import { doctorCommand, type DoctorOptions } from './action.ts';

const DOCTOR_HELP = `
Checks the Node version, the config files, the local store, the clock and the
CI provider, one line each with a fix. Exit status: 0 when all pass, 1 when a check fails, 2
when the configuration is broken.

Examples:
  vstrace doctor
  vstrace doctor --json
  vstrace doctor --exporter honeycomb   # checks what a run with --exporter honeycomb would use`;

export function defineDoctor(program: Command, io: CliIO, result: ResultSink): void {
  withSettingOptions(program.command('doctor'))
    .summary('check that tracing works here, with a fix for each problem')
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', DOCTOR_HELP)
    .action(async (options: DoctorOptions) => {
      const { text, exitCode } = await doctorCommand(options, io.env, io.cwd, io.isTTY());
      result({ kind: 'output', text, exitCode });
    });
}
