import { dirname } from 'node:path';
import { coerce } from './coerce.ts';
import { keyLine } from './key-line.ts';
import { emptyLayer, type Layer } from './layer.ts';
import { tildify } from './paths.ts';
import { SETTING_GROUPS, SETTINGS, settingSpec } from './schema.ts';
import { suggestKey } from './suggest.ts';

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
  const walk = (node: Record<string, unknown>, path: string[]) => {
    for (const [name, value] of Object.entries(node)) {
      const keyPath = [...path, name];
      const key = keyPath.join('.');
      const spec = settingSpec(key);
      if (spec) {
        const parsed = coerce(spec, value, { where: `${shown}: ${key}`, baseDir: dirname(file), home });
        if (parsed.ok) layer.entries.push({ key, value: parsed.value, source: shown });
        else layer.problems.push(withLine(keyPath, parsed.error.message));
      } else if (SETTING_GROUPS.has(key)) {
        if (isPlainObject(value)) walk(value, keyPath);
        else layer.problems.push(`${where(keyPath)}: is a group of settings (${groupMembers(key)}), not a single value`);
      } else {
        const guess = suggestKey(key, KNOWN);
        layer.problems.push(`${where(keyPath)}: unknown setting${guess ? `; did you mean ${guess}?` : ' (vstrace config --help lists them)'}`);
      }
    }
  };
  walk(data, []);
  return layer;
}

const groupMembers = (group: string): string =>
  KNOWN.filter((k) => k.startsWith(`${group}.`) && !k.slice(group.length + 1).includes('.'))
    .map((k) => k.slice(group.length + 1))
    .join(', ');

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
