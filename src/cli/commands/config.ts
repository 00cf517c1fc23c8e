import type { Command } from 'commander';
import { configCommand, type ConfigOptions } from '../../commands/config.ts';
import { doctorCommand, type DoctorOptions } from '../../commands/doctor.ts';
import { SETTINGS, describeKind } from '../../config/schema.ts';
import type { ResultSink } from '../result.ts';
import type { CliIO } from '../run-entry.ts';
import { commanderFlags, RUN_OPTIONS } from '../run-options.ts';

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
  vstrace config --config ci/vstrace.yaml
  vstrace config --exporter jaeger --service api   # what a run with these flags would use`;

const DOCTOR_HELP = `
Checks the Node version, the config files, the local store, the clock and the
CI provider, one line each with a fix. Exit status: 0 when all pass, 1 when a check fails, 2
when the configuration is broken.

Examples:
  vstrace doctor
  vstrace doctor --json
  vstrace doctor --exporter honeycomb   # checks what a run with --exporter honeycomb would use`;

/** run's options that set settings (the schema's flags) or choose the file: config and doctor take them too, so they show what such a run uses. */
const FLAG_KEYS: ReadonlySet<string> = new Set([...SETTINGS.flatMap((s) => (s.flag ? [s.flag] : [])), 'config']);
const SETTING_OPTIONS = RUN_OPTIONS.filter((spec) => FLAG_KEYS.has(spec.key));

function withSettingOptions(command: Command): Command {
  for (const spec of SETTING_OPTIONS) command.option(commanderFlags(spec), spec.help);
  return command;
}

/** The configuration's commands: config (what is in effect, and from where) and doctor (is everything usable). */
export function registerConfigCommands(program: Command, io: CliIO, result: ResultSink): void {
  withSettingOptions(program.command('config'))
    .summary('show the effective settings and where each comes from')
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', CONFIG_HELP)
    .action((options: ConfigOptions) => {
      result({ kind: 'output', text: configCommand(options, io.env, io.cwd) });
    });

  withSettingOptions(program.command('doctor'))
    .summary('check that tracing works here, with a fix for each problem')
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', DOCTOR_HELP)
    .action(async (options: DoctorOptions) => {
      const { text, exitCode } = await doctorCommand(options, io.env, io.cwd, io.isTTY);
      result({ kind: 'output', text, exitCode });
    });
}
