import { patternProblem } from '../redact/user-patterns.ts';
import { os } from '../system/deferred.ts';
import { isAbsolute, resolve } from 'node:path';
import { fail, ok, quote, type Result } from '../errors.ts';
import { builtinRedactor } from '../redact/redact.ts';
import type { Env } from '../trace/carrier.ts';
import { describeKind, type SettingSpec } from './schema.ts';

// Setting values: text and data in, typed values or one-line problems out (parsers, the schema-driven coerce, home-relative paths).

/**
 * Parsers for setting values as they arrive from text (environment variables,
 * config files): each returns a typed value or an error that says what is
 * allowed. `where` names the source (`OTEL_EXPORTER_OTLP_PROTOCOL`,
 * `~/.vstracerc.yaml: exporter.protocol`) for the message.
 */
export function parseEnum<T extends string>(where: string, raw: string, allowed: readonly T[]): Result<T> {
  const value = raw.trim();
  return (allowed as readonly string[]).includes(value) ? ok(value as T) : fail('BAD_CONFIG', `${where}: ${quote(raw)} is not one of ${allowed.join(', ')}`);
}

export function parseBool(where: string, raw: string): Result<boolean> {
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return ok(true);
  if (['false', '0', 'no', 'off', ''].includes(value)) return ok(false);
  return fail('BAD_CONFIG', `${where}: ${quote(raw)} is not a boolean (true or false)`);
}

/** An OpenTelemetry boolean variable: only "true" (any case) is true; the spec forbids reading more into other values. */
export const otelBool = (raw: string): boolean => raw.trim().toLowerCase() === 'true';

/** The spec asks to say so when a value is neither true, false nor empty: it counts as false. */
export function otelBoolNotice(where: string, raw: string): string | undefined {
  const value = raw.trim().toLowerCase();
  return value === 'true' || value === 'false' || value === '' ? undefined : `${where}: ${quote(raw)} is not true or false (OpenTelemetry reads only "true" as true), so it counts as false`;
}

export function parseNonNegativeNumber(where: string, raw: string, unit: string): Result<number> {
  const value = Number(raw.trim());
  return raw.trim() !== '' && Number.isFinite(value) && value >= 0 ? ok(value) : fail('BAD_CONFIG', `${where}: ${quote(raw)} is not a number of ${unit} (0 or more)`);
}

/**
 * `k1=v1,k2=v2` with percent-encoded keys and values: the W3C-baggage-like
 * format of OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES.
 * Empty members are skipped; a member without `=` is an error.
 */
export function parseKeyValueList(where: string, raw: string): Result<Record<string, string>> {
  // No prototype: a key named __proto__ is a key like any other.
  const out = Object.create(null) as Record<string, string>;
  for (const member of raw.split(',')) {
    if (member.trim() === '') continue;
    const eq = member.indexOf('=');
    if (eq <= 0) return fail('BAD_CONFIG', `${where}: ${quote(member.trim())} is not key=value (separate pairs with commas)`);
    const key = decode(member.slice(0, eq).trim());
    const value = decode(member.slice(eq + 1).trim());
    if (key === undefined || value === undefined) return fail('BAD_CONFIG', `${where}: ${quote(member.trim())} has a broken %-escape`);
    out[key] = value;
  }
  return ok(out);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** RFC 7230's token: what HTTP (and Node, which throws ERR_INVALID_HTTP_TOKEN otherwise) takes as a header name. */
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
/** What Node takes in a header value (ERR_INVALID_CHAR otherwise): one line, Latin-1. */
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Headers as HTTP takes them, checked where they are parsed rather than when
 * an export fails. A bad name is shown only up to the bad character, and a
 * value never: a token written with the wrong separator must not be echoed.
 */
export function checkHeaders(where: string, headers: Record<string, string>): Result<Record<string, string>> {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerNameProblem(name);
    if (problem) return fail('BAD_CONFIG', `${where}: ${problem}`);
    if (BAD_VALUE_CHAR.test(value))
      return fail('BAD_CONFIG', `${where}: the value of header ${quote(name)} holds a line break, a control character or a character beyond Latin-1 (a header value is one line of text)`);
  }
  return ok(headers);
}

function headerNameProblem(name: string): string | undefined {
  const chars = [...name];
  const bad = chars.findIndex((c) => !TOKEN_CHAR.test(c));
  if (chars.length === 0) return 'a header name is empty';
  if (bad < 0) return undefined;
  const after = bad > 0 ? ` after ${quote(chars.slice(0, bad).join(''), 40)}` : ' at its start';
  return `a header name cannot hold ${quote(chars[bad]!)}${after} (use letters, digits and !#$%&'*+-.^_\`|~)`;
}

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
    case 'words': {
      const words = typeof raw === 'string' ? raw.split(',') : raw;
      if (!Array.isArray(words) || !words.every((w) => typeof w === 'string' && w.trim() !== '')) return bad();
      return ok(words.map((w: string) => w.trim()));
    }
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
    const problem = patternProblem(pattern);
    if (problem) return fail('BAD_CONFIG', `${where}[${i}]: "${pattern}" ${problem}`);
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

/** The user's home directory as the environment says (tests and sandboxes set HOME). */
export const homeOf = (env: Env): string => env.HOME || os().homedir();

/** `~` and `~/x` → the home directory; anything else as is. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** A path as people read it in messages: `~/.vstracerc.yaml`. */
export function tildify(path: string, home: string): string {
  if (home && home !== '/' && (path === home || path.startsWith(`${home}/`))) return `~${path.slice(home.length)}`;
  return path;
}
