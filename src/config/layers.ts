import { dirname } from 'node:path';
import type { Env } from '../trace/carrier.ts';
import { SETTING_GROUPS, SETTINGS, type SettingFlags, settingSpec, suggestKey } from './schema.ts';
import { coerce, homeOf, tildify } from './values.ts';

// The sources of settings as layers: the shape, how a layer is applied, and the layers of flags, VSTRACE_* variables and config files.

/**
 * One source's contribution to the settings: a list of (settings key, typed
 * value, where it came from). The configuration layer merges layers in
 * precedence order and keeps each winning entry's source for `vstrace config`.
 * Keys are dotted paths into Settings (`service`, `export.protocol`, …).
 */
export interface LayerEntry {
  key: string;
  value: unknown;
  /** `flag --service`, `env OTEL_SERVICE_NAME`, `/path/.vstracerc.yaml`, `default`. */
  source: string;
}

export interface Layer {
  entries: LayerEntry[];
  /** Values that could not be used, each a complete one-line message. */
  problems: string[];
  /** Values that were used, or read as a standard says, but not as one might expect: said, never an error. */
  notices: string[];
}

export const emptyLayer = (): Layer => ({ entries: [], problems: [], notices: [] });

/**
 * Writes a layer's entries into a settings object by their dotted keys, later
 * entries winning. Objects (headers, tags, resource attributes) replace as a
 * whole: a value set in a higher-precedence source is the value, not a blend.
 */
export function applyLayer<T extends object>(target: T, layer: Layer): T {
  for (const { key, value } of layer.entries) {
    const path = key.split('.');
    let node = target as Record<string, unknown>;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return target;
}

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

/** A span's `service` tag: above the config files, below the environment and --service (SettingFlags.tags). */
export function tagLayer(tags: SettingFlags['tags']): Layer {
  const layer = emptyLayer();
  const service = tags?.service?.trim();
  if (service) layer.entries.push({ key: 'service', value: service, source: 'tag service' });
  return layer;
}

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

const KNOWN = [...SETTINGS.map((s) => s.key), ...SETTING_GROUPS];

/**
 * A config file's parsed content (unknown until checked) → a layer: every
 * setting checked against the schema, every problem a message naming the file,
 * the line where the text shows it, the key, and what is allowed. Keys nest
 * (`export: { protocol: grpc }`) or are written dotted (`export.protocol: grpc`).
 */
export function fileLayer(data: unknown, file: string, home: string, text?: string): Layer {
  const layer = emptyLayer();
  const shown = tildify(file, home);
  const where = (path: readonly string[]) => {
    const line = text === undefined ? undefined : keyLine(text, path);
    return `${shown}${line ? `:${line}` : ''}: ${path.join('.')}`;
  };
  // The line is looked up only for a value that fails: valid files (every run) never pay for it.
  const withLine = (path: readonly string[], message: string) => message.replace(`${shown}: ${path.join('.')}`, where(path));
  if (data === undefined || data === null) return layer;
  if (!isPlainObject(data)) {
    layer.problems.push(`${shown}: the file must hold a map of settings (e.g. service: api), not ${Array.isArray(data) ? 'a list' : typeof data}`);
    return layer;
  }
  // A file of 100,000 mistakes costs a scan, not 100,000 line searches and "did you mean"s: the first few are said, the rest counted.
  let unsaid = 0;
  const problem = (message: () => string) => {
    if (layer.problems.length < MAX_PROBLEMS_SAID) layer.problems.push(message());
    else unsaid++;
  };
  const walk = (node: Record<string, unknown>, path: string[]) => {
    for (const [name, value] of Object.entries(node)) {
      const keyPath = [...path, name];
      const key = keyPath.join('.');
      const spec = settingSpec(key);
      if (spec) {
        const parsed = coerce(spec, value, { where: `${shown}: ${key}`, baseDir: dirname(file), home });
        if (parsed.ok) layer.entries.push({ key, value: parsed.value, source: shown });
        else problem(() => withLine(keyPath, parsed.error.message));
      } else if (SETTING_GROUPS.has(key)) {
        if (isPlainObject(value)) walk(value, keyPath);
        else problem(() => `${where(keyPath)}: is a group of settings (${groupMembers(key)}), not a single value`);
      } else {
        problem(() => {
          const guess = key.length <= 64 ? suggestKey(key, KNOWN) : undefined;
          return `${where(keyPath)}: unknown setting${guess ? `; did you mean ${guess}?` : ' (vstrace config --help lists them)'}`;
        });
      }
    }
  };
  walk(data, []);
  if (unsaid > 0) layer.problems.push(`${shown}: ${unsaid} more problems like these (fix the ones above first)`);
  return layer;
}

/** Problems said one by one, per file; beyond, they are counted. */
const MAX_PROBLEMS_SAID = 20;

const groupMembers = (group: string): string =>
  KNOWN.filter((k) => k.startsWith(`${group}.`) && !k.slice(group.length + 1).includes('.'))
    .map((k) => k.slice(group.length + 1))
    .join(', ');

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The line (1-based) where a dotted key is set in a YAML or JSON config
 * file, found in the text: each segment is looked for as a key (`name:`,
 * `"name":`) after the line of its parent, deeper-indented in YAML. The
 * loaders give no positions; this is good enough to point at the line.
 */
export function keyLine(text: string, path: readonly string[]): number | undefined {
  const lines = text.split('\n');
  let from = 0;
  let parentIndent = -1;
  let found: number | undefined;
  for (const segment of path) {
    const key = new RegExp(`^(\\s*)(?:-\\s+)?(?:"${escapeRegExp(segment)}"|'${escapeRegExp(segment)}'|${escapeRegExp(segment)})\\s*:`);
    const inline = new RegExp(`[{,]\\s*(?:"${escapeRegExp(segment)}"|'${escapeRegExp(segment)}'|${escapeRegExp(segment)})\\s*:`);
    found = undefined;
    for (let i = from; i < lines.length; i++) {
      const line = lines[i]!;
      const match = key.exec(line);
      if (match && match[1]!.length > parentIndent) {
        found = i;
        parentIndent = match[1]!.length;
        break;
      }
      if (inline.test(line)) {
        found = i;
        break;
      }
    }
    if (found === undefined) return undefined;
    from = found;
  }
  return found === undefined ? undefined : found + 1;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
