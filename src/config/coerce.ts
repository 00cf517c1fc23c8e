import { isAbsolute, resolve } from 'node:path';
import { fail, ok, type Result } from '../errors.ts';
import { builtinRedactor } from '../redact/redact.ts';
import { describeKind, type SettingSpec } from './schema.ts';
import { expandHome } from './paths.ts';
import { checkHeaders, parseBool, parseEnum, parseKeyValueList, parseNonNegativeNumber } from './values.ts';

/** Where a value came from, for its message and for resolving relative paths. */
export interface ValueOrigin {
  /** `~/.vstracerc.yaml:3: export.protocol`, `VSTRACE_EXPORT_PROTOCOL`, `--exporter`. */
  where: string;
  /** Relative paths are taken from here (the config file's directory, or the working directory). */
  baseDir: string;
  home: string;
}

/**
 * The one place a setting's value is checked: text (the environment, flags)
 * or data (a parsed config file) in, the typed value or a message that names
 * where it came from and what is allowed out. Secrets are never echoed.
 */
export function coerce(spec: SettingSpec, raw: unknown, origin: ValueOrigin): Result<unknown> {
  const { where } = origin;
  const bad = (): Result<never> => fail('BAD_CONFIG', `${where}: ${shown(spec, raw)} is not ${describeKind(spec.kind)}`);
  const kind = spec.kind;
  switch (kind.type) {
    case 'enum':
      return typeof raw === 'string' ? parseEnum(where, raw, kind.values) : bad();
    case 'number':
      if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? ok(raw) : bad();
      return typeof raw === 'string' ? parseNonNegativeNumber(where, raw, kind.unit) : bad();
    case 'boolean':
      if (typeof raw === 'boolean') return ok(raw);
      return typeof raw === 'string' ? parseBool(where, raw) : bad();
    case 'map': {
      const map = coerceMap(spec, raw, origin, bad);
      return map.ok && kind.names === 'header' ? checkHeaders(where, map.value) : map;
    }
    case 'patterns':
      return coercePatterns(raw, where, bad);
    case 'template': {
      if (typeof raw !== 'string') return bad();
      const unknown = (raw.match(/\{[^}]*\}/g) ?? []).filter((p) => !kind.placeholders.includes(p));
      return unknown.length === 0 ? ok(raw) : fail('BAD_CONFIG', `${where}: ${shown(spec, raw)} uses ${unknown.join(', ')}; the placeholders are ${kind.placeholders.join(', ')}`);
    }
    case 'url':
      return typeof raw === 'string' && isHttpUrl(raw.trim()) ? ok(raw.trim()) : fail('BAD_CONFIG', `${where}: ${shown(spec, raw)} is not an http(s) URL (e.g. http://localhost:4318)`);
    case 'path':
      if (typeof raw !== 'string' || raw.trim() === '') return bad();
      return ok(resolvePath(raw.trim(), origin));
    case 'string':
      return typeof raw === 'string' && raw.trim() !== '' ? ok(raw.trim()) : fail('BAD_CONFIG', `${where}: ${shown(spec, raw)} is not ${describeKind(kind)} (give a non-empty string)`);
  }
}

function coerceMap(spec: SettingSpec, raw: unknown, origin: ValueOrigin, bad: () => Result<never>): Result<Record<string, string>> {
  if (typeof raw === 'string') {
    const parsed = parseKeyValueList(origin.where, raw);
    // The message quotes the bad member: for headers that may be a token written with the wrong separator.
    return parsed.ok || !spec.secret ? parsed : fail('BAD_CONFIG', `${origin.where}: the value is not a list of key=value pairs (separate pairs with commas, percent-encode , and =)`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return fail('BAD_CONFIG', `${origin.where}.${name}: ${shown(spec, value)} is not text (write the value in quotes)`);
    }
    out[name] = String(value);
  }
  return ok(out);
}

function coercePatterns(raw: unknown, where: string, bad: () => Result<never>): Result<unknown> {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text.startsWith('[')) {
      try {
        list = JSON.parse(text);
      } catch {
        return fail('BAD_CONFIG', `${where}: "${raw}" is not a JSON list of regular expressions`);
      }
    } else list = text === '' ? [] : [text];
  }
  if (!Array.isArray(list)) return bad();
  for (const [i, pattern] of list.entries()) {
    if (typeof pattern !== 'string') return fail('BAD_CONFIG', `${where}[${i}]: ${JSON.stringify(pattern)} is not a regular expression (write it in quotes)`);
    try {
      new RegExp(pattern, 'gd');
    } catch (error) {
      return fail('BAD_CONFIG', `${where}[${i}]: "${pattern}" is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')})`);
    }
  }
  return ok(list as string[]);
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function resolvePath(text: string, origin: ValueOrigin): string {
  const expanded = expandHome(text, origin.home);
  return isAbsolute(expanded) ? expanded : resolve(origin.baseDir, expanded);
}

/** A value as a message shows it: quoted text (secrets never, URLs redacted), or what kind of thing it is. */
function shown(spec: SettingSpec, raw: unknown): string {
  if (spec.secret) return 'the value';
  if (typeof raw === 'string') return JSON.stringify(builtinRedactor().text(raw));
  if (Array.isArray(raw)) return 'a list';
  if (raw === null) return 'null';
  if (typeof raw === 'object') return 'a map';
  return String(raw);
}
