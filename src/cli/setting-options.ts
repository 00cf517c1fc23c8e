import type { Command } from 'commander';
import { SETTINGS } from '../config/schema.ts';
import { commanderFlags, RUN_OPTIONS } from './run-options.ts';

/** run's options that set settings (the schema's flags) or choose the file: config and doctor take them too, so they show what such a run uses. */
const FLAG_KEYS: ReadonlySet<string> = new Set([...SETTINGS.flatMap((s) => (s.flag ? [s.flag] : [])), 'config']);
const SETTING_OPTIONS = RUN_OPTIONS.filter((spec) => FLAG_KEYS.has(spec.key));

export function withSettingOptions(command: Command): Command {
  for (const spec of SETTING_OPTIONS) command.option(commanderFlags(spec), spec.help);
  return command;
}
