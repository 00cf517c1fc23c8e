/**
 * What a value in a secret position looks like: a boolean, a number, an enum
 * word, a path or a reference (`$PW`, `file:…`) is a setting, not a secret,
 * and stays; a random-looking string is a secret even where the name is only
 * weakly suggestive (`key=…`, `auth=…`). Commit SHAs, UUIDs, digests and
 * versions are random-looking but public, and stay. Every test is one anchored
 * pass over the value.
 */
import { REDACTED } from './rules.ts';

const BOOLEAN_OR_EMPTY = /^(?:|true|false|yes|no|y|n|on|off|none|null|nil|undefined|enabled?|disabled?|[01])$/i;
const NUMBER = /^-?\d{1,6}(?:\.\d+)?[smhdkKMG]?$/;
/** Words that name a kind of authentication or a source of one, not a secret. */
const ENUM_WORDS = new Set([
  'required',
  'optional',
  'prompt',
  'ask',
  'auto',
  'always',
  'never',
  'default',
  'trust',
  'md5',
  'scram-sha-256',
  'peer',
  'ident',
  'reject',
  'cert',
  'login',
  'plain',
  'basic',
  'bearer',
  'digest',
  'ntlm',
  'kerberos',
  'negotiate',
  'oauth',
  'oauth2',
  'oidc',
  'saml',
  'ldap',
  'iam',
  'stdin',
  'env',
  'file',
  'keychain',
  'keyring',
  'anonymous',
  'local',
  'remote',
  'strict',
  'lax',
  'any',
  'all',
  'sha256',
  'sha512',
  'hmac',
  'jwt',
  'token',
  'password',
  'key',
  'mfa',
  'sso',
  'gssapi',
  'publickey',
  'keyboard-interactive',
  'hostbased',
  'internal',
  'external',
  'managed',
  'system',
  'user',
  'none',
]);
/** A file the secret is in, never the secret: absolute, relative with ./ ../ ~/, Windows, or a name with a key/cert extension. */
const PATH =
  /^(?:~?\/|\.\.?\/|[A-Za-z]:\\|@[^\s]|file:|fd:|env:|stdin$|-$)|\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|txt|gpg|asc|pub|env|conf|cfg|ini|toml|age|kdbx|ppk)$|^id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?$/i;
/** `$PW`, `${PW}`, `$(cat f)`, `${{ secrets.X }}`, `%PW%`, `{{ .Values.x }}`: where the secret comes from, not the secret. */
const REFERENCE = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(.*\)|`.*`|\$\{\{.*\}\}|%[A-Za-z_][A-Za-z0-9_]*%|\{\{.*\}\}|<[^<>]*>|\*+|x{3,}|\[[A-Z]+\])$/s;

export function harmlessValue(value: string): boolean {
  const v = value.trim();
  return v === REDACTED || BOOLEAN_OR_EMPTY.test(v) || NUMBER.test(v) || ENUM_WORDS.has(v.toLowerCase()) || PATH.test(v) || REFERENCE.test(v) || v.includes('://');
}

/** The shell variable a value reads: `$PW`, `${PW}`, `"$PW"` once unquoted. */
export function referencedVariable(value: string): string | undefined {
  return /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value)?.[1];
}

const HEX_ID = /^(?:[0-9a-f]{7,40}|[0-9a-f]{64}|[0-9A-F]{40})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGEST = /^(?:[a-z0-9-]+@)?(?:sha1|sha256|sha384|sha512|md5|blake2b?)[:-][0-9a-f]{32,128}$/i;
const VERSION = /^v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.-]+)?$/;
const WORDS = /^[a-z]+(?:[-_.][a-z]+)*\d{0,4}$/i;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Public identifiers that look random: kept wherever they stand, but for a strong secret position. */
export function publicIdentifier(value: string): boolean {
  return HEX_ID.test(value) || UUID.test(value) || DIGEST.test(value) || VERSION.test(value) || TRACEPARENT.test(value);
}

/**
 * Random-looking: at least 12 characters, no blanks, at least two character
 * classes and Shannon entropy ≥ 3 bits per character, not a public identifier
 * and not plain words. Values longer than 4096 characters are judged by their
 * first 4096 (a blob that long in a secret position is hidden anyway).
 */
export function looksRandom(value: string): boolean {
  const v = value.length > 4096 ? value.slice(0, 4096) : value;
  if (v.length < 12 || /\s/.test(v) || publicIdentifier(v) || WORDS.test(v) || harmlessValue(v)) return false;
  const classes = Number(/[a-z]/.test(v)) + Number(/[A-Z]/.test(v)) + Number(/[0-9]/.test(v)) + Number(/[^A-Za-z0-9]/.test(v));
  return classes >= 2 && entropy(v) >= 3;
}

function entropy(v: string): number {
  const counts = new Map<string, number>();
  for (const c of v) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / v.length) * Math.log2(n / v.length);
  return bits;
}
