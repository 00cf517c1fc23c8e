import type { Command } from 'commander';
import { configCommand } from '../../commands/config.ts';
import { doctorCommand } from '../../commands/doctor.ts';
import { SETTINGS, describeKind } from '../../config/schema.ts';
import type { ResultSink } from '../program.ts';
import type { CliIO } from '../run-entry.ts';

const SETTINGS_HELP = SETTINGS.map((s) => `  ${s.key.padEnd(26)} ${describeKind(s.kind)}; ${s.env.join(', ')}`).join('\n');

const CONFIG_HELP = `
Sources, highest first: flags > environment (VSTRACE_*, OTEL_*) > project file
(.vstracerc, .vstracerc.json/.yaml/.yml, vstrace.config.js/.cjs/.mjs, or a
"vstrace" key in package.json, from the working directory up) > user file
($XDG_CONFIG_HOME/vstrace/config.*) > defaults. --config <path> (or
VSTRACE_CONFIG) names the one file to use; "none" turns files off.

Settings (key, values, environment variables):
${SETTINGS_HELP}

Examples:
  vstrace config
  vstrace config --json
  vstrace config --config ci/vstrace.yaml`;

const DOCTOR_HELP = `
Checks the Node version, the config files, the local store, the clock and the
CI provider, one line each with a fix. Exit status: 0 when all pass, 1 when a check fails, 2
when the configuration is broken.

Examples:
  vstrace doctor
  vstrace doctor --json`;

/** The configuration's commands: config (what is in effect, and from where) and doctor (is everything usable). */
export function registerConfigCommands(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('config')
    .summary('show the effective settings and where each comes from')
    .option('--json', 'JSON for scripts', false)
    .option('--config <path>', 'config file to use instead of the search (none: no config files)')
    .addHelpText('after', CONFIG_HELP)
    .action((options: { json: boolean; config?: string }) => {
      result({ kind: 'output', text: configCommand(options, io.env, io.cwd) });
    });

  program
    .command('doctor')
    .summary('check that tracing works here, with a fix for each problem')
    .option('--json', 'JSON for scripts', false)
    .option('--config <path>', 'config file to use instead of the search (none: no config files)')
    .addHelpText('after', DOCTOR_HELP)
    .action(async (options: { json: boolean; config?: string }) => {
      const { text, exitCode } = await doctorCommand(options, io.env, io.cwd, io.isTTY);
      result({ kind: 'output', text, exitCode });
    });
}
