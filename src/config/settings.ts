import type { Env } from '../trace/carrier.ts';
import { describe, isVstraceError } from '../errors.ts';
import { warnOnce } from '../warn.ts';
import { defaultSettings, type Settings } from './model.ts';
import { resolveConfig, type ResolvedConfig } from './resolve.ts';
import type { SettingFlags } from './schema.ts';

/**
 * The configuration's public face: every command resolves its Settings here.
 * The contract itself (the Settings shape and its defaults) is model.ts; the
 * table of settings and the flags that set them, schema.ts.
 */
export type { ExporterName, ExportSettings, Settings } from './model.ts';
export { DEFAULT_SPOOL_CAPS, defaultSettings } from './model.ts';
export type { SettingFlags } from './schema.ts';

/**
 * The settings for a command that must run whatever the config says (run, ls,
 * show): problems are one warning, and what is broken is ignored.
 */
export function resolveSettings(flags: SettingFlags, env: Env, cwd: string = process.cwd()): Settings {
  const { settings, problems, notices } = loadOrSkipFiles(flags, env, cwd);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
    warnOnce('config', `${problems[0]}${more}; ignoring what is broken (vstrace doctor checks the config)`);
  }
  if (notices.length > 0) warnOnce('config-notice', notices.join('; '));
  return settings;
}

/**
 * The files are the one part that can fail unexpectedly (a directory we may not
 * read, a loader that throws): then they are skipped with a warning, so a
 * command that must run still runs. A bad flag stays a usage error.
 */
function loadOrSkipFiles(flags: SettingFlags, env: Env, cwd: string): ResolvedConfig {
  try {
    return loadConfig(flags, env, cwd);
  } catch (error) {
    if (isVstraceError(error)) throw error;
    warnOnce('config-files', `could not read the config files (${describe(error)}); using flags, environment and defaults`);
    return loadConfig({ ...flags, config: 'none' }, env, cwd);
  }
}

/** Everything about the configuration, problems included: for `vstrace config` and `vstrace doctor`. */
export const loadConfig = (flags: SettingFlags, env: Env, cwd: string): ResolvedConfig => resolveConfig(defaultSettings(env), flags, env, cwd);
