import { fail, ok, quote, type Result } from '../errors.ts';

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
