import { describe, isVstraceError, VstraceError } from '../errors.ts';
import type { Env } from '../trace/carrier.ts';
import { warnOnce } from '../warn.ts';
import { cacheable, cachedLayer, chooseConfigFiles, type ConfigFileRef, readConfigFile } from './files.ts';
import { applyLayer, flagLayer, type Layer, tagLayer, vstraceEnvLayer } from './layers.ts';
import { otelEnvLayer } from './otel-env.ts';
import { defaultSettings, type SettingFlags, SETTINGS, type Settings } from './schema.ts';
import { homeOf } from './values.ts';

// Precedence: every source resolved into one Settings, and the public face commands call (resolveSettings, loadConfig).

export interface LoadedFile extends ConfigFileRef {
  /** Empty when the file is valid; a file with problems is ignored as a whole. */
  problems: string[];
}

export interface ResolvedConfig {
  settings: Settings;
  /** Each setting's source: `flag --service`, `env OTEL_SERVICE_NAME`, `~/p/.vstracerc.yaml`, `default`. */
  sources: Record<string, string>;
  /** The files that apply, lowest precedence first. */
  files: LoadedFile[];
  /** Everything that could not be used, files and environment, one complete line each. */
  problems: string[];
  /** What was read in a way worth saying (OTEL_* as the spec reads it), one line each: never an error. */
  notices: string[];
}

/**
 * Settings from every source, highest first: flags > environment (VSTRACE_*
 * over OTEL_* and legacy JAEGER_*) > project (or --config) file > user file >
 * defaults. A broken file is ignored as a whole (half a config could send spans
 * somewhere unintended); a broken variable is ignored alone. A bad flag is a
 * usage error. The caller decides whether problems are warnings or errors.
 */
export function resolveConfig(defaults: Settings, flags: SettingFlags, env: Env, cwd: string): ResolvedConfig {
  const home = homeOf(env);
  const fromFlags = flagLayer(flags, cwd, home);
  if (fromFlags.problems.length > 0) throw new VstraceError('USAGE', fromFlags.problems[0]!);

  const choice = chooseConfigFiles(flags.config, env, cwd);
  // A file the user named on the command line and that is not there is a mistake to fix before anything runs.
  if (flags.config !== undefined && choice.problems.length > 0) throw new VstraceError('USAGE', choice.problems[0]!);
  const problems = [...choice.problems];
  const files: LoadedFile[] = [];
  const layers: Layer[] = [];
  for (const ref of choice.files) {
    const read = () => readConfigFile(ref, home);
    const layer = cacheable(ref.path) ? cachedLayer(ref.path, env, read) : read();
    files.push({ ...ref, problems: layer.problems });
    problems.push(...layer.problems);
    if (layer.problems.length === 0) layers.push(layer);
  }
  layers.push(tagLayer(flags.tags));
  const notices: string[] = [];
  for (const layer of [otelEnvLayer(env), vstraceEnvLayer(env, cwd)]) {
    problems.push(...layer.problems);
    notices.push(...layer.notices);
    layers.push(layer);
  }
  layers.push(fromFlags);

  const sources: Record<string, string> = Object.fromEntries(SETTINGS.map((s) => [s.key, 'default']));
  for (const layer of layers) {
    applyLayer(defaults, layer);
    for (const { key, source } of layer.entries) sources[key] = source;
  }
  presetToken(defaults, sources, env);
  serviceFromResource(defaults, sources);
  return { settings: defaults, sources, files, problems, notices };
}

/**
 * OpenTelemetry's rule: a service.name among the resource attributes
 * (OTEL_RESOURCE_ATTRIBUTES, JAEGER_TAGS, a file's resourceAttributes) names
 * the service only when nothing set the service itself, which always wins.
 */
function serviceFromResource(settings: Settings, sources: Record<string, string>): void {
  const named = settings.resourceAttributes['service.name']?.trim();
  if (!named || sources.service !== 'default') return;
  settings.service = named;
  sources.service = sources.resourceAttributes ?? 'default';
}

/**
 * Honeycomb's ingest key lives in its own variable; it counts only for the
 * honeycomb preset and never beats a token set explicitly.
 */
function presetToken(settings: Settings, sources: Record<string, string>, env: Env): void {
  const key = env.HONEYCOMB_API_KEY?.trim();
  if (settings.export.exporter !== 'honeycomb' || !key || sources['export.accessToken'] !== 'default') return;
  settings.export.accessToken = key;
  sources['export.accessToken'] = 'env HONEYCOMB_API_KEY';
}

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
