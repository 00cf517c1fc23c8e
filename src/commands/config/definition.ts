import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import type { ResultSink } from '../../cli/result.ts';
import { withSettingOptions } from '../../cli/setting-options.ts';
import { describeKind, SETTINGS } from '../../config/schema.ts';
import { configCommand, type ConfigOptions } from './action.ts';

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

export function defineConfig(program: Command, io: CliIO, result: ResultSink): void {
  withSettingOptions(program.command('config'))
    .summary('show the effective settings and where each comes from')
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', CONFIG_HELP)
    .action((options: ConfigOptions) => {
      result({ kind: 'output', text: configCommand(options, io.env, io.cwd) });
    });
}
