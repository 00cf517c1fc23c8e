import { plural } from '../../plural.ts';
import { effectiveSettings, maskedSettings, showValue } from '../../config/explain.ts';
import { homeOf, tildify } from '../../config/values.ts';
import { type ResolvedConfig, loadConfig } from '../../config/resolve.ts';
import type { SettingFlags } from '../../config/schema.ts';
import { VstraceError } from '../../errors.ts';
import type { Env } from '../../trace/carrier.ts';

/** --json, and the setting flags of run (--service, --type, --exporter, --config): the settings such a run would use. */
export interface ConfigOptions extends SettingFlags {
  json: boolean;
}

/**
 * `vstrace config`: the effective settings, each with its source, secrets
 * masked. A broken config is an error here (exit 2), listing every problem.
 */
export function configCommand(options: ConfigOptions, env: Env, cwd: string): string {
  const config = loadConfig(options, env, cwd);
  throwProblems(config);
  const rows = effectiveSettings(config);
  if (options.json) {
    return JSON.stringify(
      {
        files: config.files.map(({ path, role }) => ({ path, role })),
        settings: maskedSettings(rows),
        sources: Object.fromEntries(rows.map((r) => [r.key, r.source])),
        notices: config.notices,
      },
      null,
      2,
    );
  }
  const home = homeOf(env);
  const keyWidth = Math.max(...rows.map((r) => r.key.length));
  const values = rows.map((r) => showValue(r.value));
  const valueWidth = Math.min(48, Math.max(...values.map((v) => v.length)));
  const files = config.files.length === 0 ? 'none' : config.files.map((f) => `${tildify(f.path, home)} (${f.role})`).join(', ');
  return [
    'Precedence: flags > environment > project file > user file > defaults',
    `Config files: ${files}`,
    '',
    ...rows.map((r, i) => `${r.key.padEnd(keyWidth)}  ${values[i]!.padEnd(valueWidth)}  ${r.source}`),
    ...(config.notices.length > 0 ? ['', ...config.notices.map((n) => `Note: ${n}`)] : []),
  ].join('\n');
}

/** Every problem of a config, one line each, as an error (exit 2). */
export function throwProblems(config: ResolvedConfig): void {
  if (config.problems.length === 0) return;
  throw new VstraceError(
    'BAD_CONFIG',
    [...config.problems, `${plural(config.problems.length, 'problem')} in the configuration (vstrace config --help lists every setting and its values)`].join('\nvstrace: '),
  );
}
