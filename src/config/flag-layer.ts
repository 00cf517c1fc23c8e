import { coerce } from './coerce.ts';
import { emptyLayer, type Layer } from './layer.ts';
import { SETTINGS } from './schema.ts';
import type { SettingFlags } from './schema.ts';

/** Command-line flags that set settings (`--service`, `--type`, `--exporter`), checked like any other source. */
export function flagLayer(flags: SettingFlags, cwd: string, home: string): Layer {
  const layer = emptyLayer();
  for (const spec of SETTINGS) {
    const raw = spec.flag === undefined ? undefined : flags[spec.flag];
    if (raw === undefined) continue;
    const where = `--${spec.flag}`;
    const parsed = coerce(spec, raw, { where, baseDir: cwd, home });
    if (parsed.ok) layer.entries.push({ key: spec.key, value: parsed.value, source: `flag ${where}` });
    else layer.problems.push(parsed.error.message);
  }
  return layer;
}
