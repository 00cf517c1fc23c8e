/**
 * What a name says about its value: `DB_PW`, `x-auth-key`, `--client-secret`,
 * `aws_secret_access_key` name a secret; `PasswordAuthentication`,
 * `--password-file`, `auth.enabled` name a setting about one. Names are cut
 * into words (separators and camelCase) and judged by their words, so a new
 * spelling of a known word needs no new rule. Pure, and linear in the name
 * (callers pass names of at most MAX_NAME characters).
 */
export type Strength = 'strong' | 'weak';

export const MAX_NAME = 64;

/** Words that, on their own, say "the value is a secret". */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pw',
  'pass',
  'passphrase',
  'passcode',
  'secret',
  'secrets',
  'token',
  'tokens',
  'pat',
  'apikey',
  'cookie',
  'cookies',
  'credential',
  'credentials',
  'creds',
  'cred',
  'session',
  'sessionid',
  'signature',
  'sig',
  'authorization',
  'authtoken',
  'passkey',
  'privatekey',
  'pin',
]);
/** Words that make a following `key` a secret key: `MASTER_KEY`, `dd-app-key`, `SOPS_AGE_KEY`. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'master',
  'encryption',
  'encrypt',
  'enc',
  'signing',
  'sign',
  'account',
  'app',
  'application',
  'age',
  'client',
  'license',
  'licence',
  'auth',
  'session',
  'shared',
  'webhook',
  'deploy',
  'crypt',
  'crypto',
  'jwt',
  'hmac',
  'storage',
  'sas',
  'subscription',
  'admin',
  'root',
  'service',
  'write',
  'read',
  'ingest',
  'license',
  'cipher',
  'aes',
  'rsa',
  'ssh',
  'gpg',
  'pgp',
  'x',
  'functions',
  'host',
  'primary',
  'secondary',
  'user',
  'personal',
  'bot',
  'team',
  'org',
  'project',
  'data',
  'db',
  'database',
  'vault',
  'kms',
  'wallet',
  'mnemonic',
  'seed',
]);
/** Last words that make the name about a secret, not the secret: where it is, what kind, whether it is on. */
const ABOUT_WORDS = new Set([
  'file',
  'files',
  'path',
  'dir',
  'directory',
  'env',
  'var',
  'name',
  'names',
  'type',
  'types',
  'method',
  'methods',
  'mode',
  'url',
  'uri',
  'endpoint',
  'host',
  'enabled',
  'disabled',
  'enable',
  'disable',
  'required',
  'length',
  'len',
  'size',
  'min',
  'max',
  'ttl',
  'timeout',
  'expiry',
  'expires',
  'expiration',
  'lifetime',
  'header',
  'prefix',
  'suffix',
  'stdin',
  'fd',
  'cmd',
  'command',
  'helper',
  'provider',
  'backend',
  'store',
  'format',
  'ref',
  'policy',
  'version',
  'rotation',
  'count',
  'authentication',
  'reset',
  'prompt',
  'manager',
  'arn',
  'algorithm',
  'alg',
  'scheme',
  'kind',
  'source',
  'location',
  'mount',
  'engine',
  'id',
  'ids',
  'label',
  'description',
  'hint',
  'rules',
  'complexity',
  'strength',
  'age',
  'interval',
  'period',
  'retries',
  'attempts',
  'limit',
  'level',
  'user',
  'username',
  'login',
  'server',
  'realm',
  'challenge',
  'field',
]);
/** First words that turn the name into a switch: `--no-password`, `--ask-pass`, `--generate-secret`. */
const SWITCH_WORDS = new Set([
  'no',
  'skip',
  'ask',
  'prompt',
  'require',
  'allow',
  'enable',
  'disable',
  'show',
  'hide',
  'reset',
  'generate',
  'forgot',
  'use',
  'with',
  'without',
  'is',
  'has',
  'rotate',
  'change',
]);
/** Vendor headers whose names say nothing secret but carry a key: Honeycomb's team key, Splunk's and SignalFx's tokens. */
const VENDOR_NAMES = new Set(['x-honeycomb-team', 'x-sf-token', 'x-splunk-token', 'x-ot-token', 'x-insert-key', 'api-key', 'x-goog-api-key', 'x-figma-token', 'x-functions-key']);
/** Secret ids: vault's `secret_id`, `--secret-id`. */
const SECRET_ID = /^(?:secret|role[-_]?secret)[-_.]?id$/;

/** The words of a name: `RAILS_MASTER_KEY` → rails master key; `dbPassword` → db password; `X-Auth-Key` → x auth key. */
export function nameWords(name: string): string[] {
  return name
    .slice(-MAX_NAME)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const endsWithPass = (word: string) => /(?:pass|pwd|passwd|password|token|secret)$/.test(word) && !/(?:by|com|sur|over|under|tres|mis|en|im)pass$/.test(word);

/** Whether one word, within a name, says secret: the word lists, or a compound such as `pgpassword`, `storepass`, `npmauthtoken`. */
function secretWord(word: string): boolean {
  return SECRET_WORDS.has(word) || endsWithPass(word) || (/^(?:password|passwd|secret|token)/.test(word) && !/^(?:tokeni[sz]|secretar|passive|passag|passeng|passthr)/.test(word));
}

/**
 * How strongly a name says its value is secret. `strong`: hide the value unless
 * the value itself is plainly harmless; `weak` (`key`, `auth`): hide it only if
 * it also looks random. `header` context (a `Name: value` pair) makes any
 * name with token, key, secret, auth, session or cookie strong.
 */
export function secretName(name: string, context: NameContext = 'name'): Strength | undefined {
  if (!(context === 'query' ? MAYBE_QUERY : MAYBE).test(name)) return undefined;
  const cache = judged[context];
  const known = cache.get(name);
  if (known !== undefined) return known || undefined;
  if (cache.size >= JUDGED_MAX) cache.clear();
  const strength = judge(name, context);
  cache.set(name, strength ?? '');
  return strength;
}

type NameContext = 'name' | 'header' | 'query';
/**
 * Every secret word above contains one of these; a name without any is no
 * secret's name, known with one native scan (the free-text scanner asks about
 * every name before a `=` or `:`, a megabyte of `a:a:` included).
 */
export const NAME_HINT = /pass|pw|secret|token|pat|key|cookie|cred|session|sig|auth|pin|team/i;
const MAYBE = NAME_HINT;
const MAYBE_QUERY = /pass|pw|secret|token|pat|key|cookie|cred|session|sig|auth|pin|team|code|se/i;
/** Names already judged (a line repeats its names), bounded. */
const judged: Record<NameContext, Map<string, Strength | ''>> = { name: new Map(), header: new Map(), query: new Map() };
const JUDGED_MAX = 4096;

function judge(name: string, context: NameContext): Strength | undefined {
  const lower = name.toLowerCase();
  if (VENDOR_NAMES.has(lower)) return 'strong';
  if (SECRET_ID.test(lower.replace(/^-+/, ''))) return 'strong';
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  if (words.length > 1 && SWITCH_WORDS.has(words[0]!)) return undefined;
  const last = words.at(-1)!;
  if (ABOUT_WORDS.has(last)) return undefined;
  if (words.some(secretWord)) return 'strong';
  if (last === 'key' || words.includes('key') || words.includes('keys')) {
    if (words.length === 1) return context === 'name' ? 'weak' : 'strong';
    return words.some((w, i) => (w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) || context !== 'name' ? 'strong' : 'weak';
  }
  if (words.some((w) => /^auth/.test(w) && !/^author/.test(w))) return context === 'header' ? 'strong' : 'weak';
  if (context === 'query' && (words.includes('code') || words.includes('signed') || words.includes('se'))) return 'weak';
  if (context === 'header' && words.includes('team')) return 'strong';
  return undefined;
}

/**
 * An HTTP header (or gRPC metadata) name whose value is a credential as a
 * whole: `Authorization`, `Cookie`, and any name that says secret as a header
 * (`X-Api-Key`, `X-Auth-Token`, `x-honeycomb-team`). The OpenTelemetry
 * conventions record headers as `http.request.header.<name>`.
 */
export const secretHeader = (name: string): boolean => /^(?:(?:proxy-)?authorization|(?:set-)?cookie)$/i.test(name) || secretName(name, 'header') !== undefined;
