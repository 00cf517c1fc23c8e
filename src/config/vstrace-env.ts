import type { Env } from '../trace/carrier.ts';
import { coerce } from './coerce.ts';
import { emptyLayer, type Layer } from './layer.ts';
import { homeOf } from './paths.ts';
import { SETTINGS } from './schema.ts';

/**
 * vstrace's own variables, one per setting as the schema names them
 * (`VSTRACE_EXPORT_PROTOCOL`, `VSTRACE_HOME`, …). For a setting with several
 * names, the first one set wins. Empty values count as unset.
 */
export function vstraceEnvLayer(env: Env, cwd: string): Layer {
  const layer = emptyLayer();
  const home = homeOf(env);
  for (const spec of SETTINGS) {
    const name = spec.env.find((n) => env[n] !== undefined && env[n]!.trim() !== '');
    if (name === undefined) continue;
    const parsed = coerce(spec, env[name], { where: name, baseDir: cwd, home });
    if (parsed.ok) layer.entries.push({ key: spec.key, value: parsed.value, source: `env ${name}` });
    else layer.problems.push(parsed.error.message);
  }
  return layer;
}
