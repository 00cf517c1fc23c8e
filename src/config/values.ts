import { fail, ok, quote, type Result } from '../errors.ts';

/**
 * Parsers for setting values as they arrive from text (environment variables,
 * config files): each returns a typed value or an error that says what is
 * allowed. `where` names the source (`OTEL_EXPORTER_OTLP_PROTOCOL`,
 * `~/.vstracerc.yaml: exporter.protocol`) for the message.
 */
export function parseEnum<T extends string>(where: string, raw: string, allowed: readonly T[]): Result<T> {
  const value = raw.trim();
  return (allowed as readonly string[]).includes(value)
    ? ok(value as T)
    : fail('BAD_CONFIG', `${where}: ${quote(raw)} is not one of ${allowed.join(', ')}`);
}

export function parseBool(where: string, raw: string): Result<boolean> {
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return ok(true);
  if (['false', '0', 'no', 'off', ''].includes(value)) return ok(false);
  return fail('BAD_CONFIG', `${where}: ${quote(raw)} is not a boolean (true or false)`);
}

export function parseNonNegativeNumber(where: string, raw: string, unit: string): Result<number> {
  const value = Number(raw.trim());
  return raw.trim() !== '' && Number.isFinite(value) && value >= 0
    ? ok(value)
    : fail('BAD_CONFIG', `${where}: ${quote(raw)} is not a number of ${unit} (0 or more)`);
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
