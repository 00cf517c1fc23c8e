/**
 * What vstrace treats as a secret on a command line. Each rule is a regular
 * expression over one argument (or one config value); the named group `secret`
 * is what gets replaced. Rules are deliberately specific: a commit SHA, a UUID
 * or a path must survive untouched, so there is no "high entropy" guess.
 */
export const REDACTED = '[REDACTED]';

export interface RedactionRule {
  name: string;
  pattern: RegExp;
  /**
   * A cheap test that every match of `pattern` also passes. V8 compiles a
   * regular expression on its first runs, and the word-list rules backtrack
   * over every position: gating them keeps most arguments (URLs, paths,
   * CI attributes) to one scan for a secret word instead of a dozen rules.
   */
  gate?: RegExp;
}

/** Words that make a flag, header, variable or query parameter secret-bearing. */
export const SECRET_WORD =
  '(?:pass(?:word|wd|phrase)?(?!ive|es|ing|age)|pwd|secret|token(?!iz)|api[-_]?key|apikey|access[-_]?key|secret[-_]?key|private[-_]?key|account[-_]?key|auth(?!or)|credentials?|client[-_]?secret|session[-_]?key|signature|sig(?![a-z]))';

/** Compiled with match indices ('d'): redaction replaces only the `secret` group. */
const rule = (name: string, source: string, flags = 'gid', gate?: RegExp): RedactionRule => ({
  name,
  pattern: new RegExp(source, flags),
  ...(gate ? { gate } : {}),
});

/** Rules built around SECRET_WORD can only match where it does (same word, same case-folding). */
const HAS_SECRET_WORD = new RegExp(SECRET_WORD, 'i');
const wordRule = (name: string, source: string): RedactionRule => rule(name, source, 'gid', HAS_SECRET_WORD);

export const BUILTIN_RULES: readonly RedactionRule[] = [
  // -----BEGIN RSA PRIVATE KEY----- … -----END RSA PRIVATE KEY-----
  rule('private-key-block', '-----BEGIN [A-Z ]*PRIVATE KEY-----(?<secret>[\\s\\S]*?)(?:-----END [A-Z ]*PRIVATE KEY-----|$)', 'gid', /-----BEGIN /i),
  // Authorization: Bearer xyz / Basic xyz / Token xyz
  rule('authorization-header', '\\b(?:proxy-)?authorization\\s*[:=]\\s*(?:(?:bearer|basic|token|digest|negotiate|apikey)\\s+)?(?<secret>[^\\s"\',]+)'),
  // Vendor headers that carry a token on their own
  rule(
    'token-header',
    '\\b(?:x-api-key|api-key|private-token|job-token|x-auth-token|lightstep-access-token|x-honeycomb-team|dd-api-key|x-vault-token|x-goog-api-key)\\s*[:=]\\s*(?<secret>[^\\s"\',]+)',
  ),
  // scheme://user:password@host
  rule('url-credentials', '\\b[a-z][a-z0-9+.-]*://[^\\s:/@]*:(?<secret>[^\\s/@]+)@'),
  // ?token=…&api_key=… in URLs
  rule('url-query-secret', `[?&](?:[a-z0-9_-]*${SECRET_WORD}[a-z0-9_-]*|key|x-amz-signature|x-goog-signature)=(?<secret>[^&\\s#"']+)`, 'gid', /[?&]/),
  // --password=…, --api-key=…, --db-password=…
  wordRule('flag-equals', `^--?[a-z0-9_-]*${SECRET_WORD}[a-z0-9_-]*=(?<secret>.+)$`),
  // AWS_SECRET_ACCESS_KEY=…, GITHUB_TOKEN=…, DB_PASSWORD=…, and helm's --set db.auth.password=…
  wordRule('env-assignment', `^[a-z0-9_.]*${SECRET_WORD}[a-z0-9_.]*=(?<secret>.+)$`),
  // A key=value inside a flag's value: --from-literal=password=…, -var=db_password=…, --env=API_TOKEN=…
  wordRule('flag-assignment', `^--?[a-z0-9_-]+=[a-z0-9_.-]*${SECRET_WORD}[a-z0-9_.-]*=(?<secret>.+)$`),
  // Connection strings: AccountKey=…; Password=…; SharedAccessSignature=… and libpq's `host=db password=…` (quoted or not)
  wordRule('connection-string', `(?:^|[;\\s])\\s*[a-z0-9_.-]*${SECRET_WORD}\\s*=\\s*(?<secret>'[^']*'|[^;\\s]+)`),
  // .npmrc keys on the command line: //registry/:_authToken=…, :_password=…
  rule('npmrc-auth', ':_(?:authtoken|auth|password)=(?<secret>\\S+)'),
  // JSON / YAML style "password": "…" inside an argument
  wordRule('quoted-key-value', `["']?[a-z0-9_-]*${SECRET_WORD}[a-z0-9_-]*["']?\\s*:\\s*["'](?<secret>[^"']+)["']`),
  // Token formats with well-known prefixes, wherever they stand
  rule('github-token', '\\b(?<secret>(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))'),
  rule('gitlab-token', '\\b(?<secret>gl(?:pat|dt|rt|ptt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{15,})'),
  rule('aws-access-key-id', '\\b(?<secret>(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16})\\b', 'gd'),
  rule('slack-token', '\\b(?<secret>xox[abposr]-[A-Za-z0-9-]{10,})'),
  rule('slack-webhook', 'hooks\\.slack\\.com/services/(?<secret>[A-Za-z0-9/]+)'),
  rule('stripe-key', '\\b(?<secret>(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,})'),
  rule('openai-style-key', '\\b(?<secret>sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,})'),
  rule('google-api-key', '\\b(?<secret>AIza[0-9A-Za-z_-]{35})'),
  rule('npm-token', '\\b(?<secret>npm_[A-Za-z0-9]{36})'),
  rule('pypi-token', '\\b(?<secret>pypi-[A-Za-z0-9_-]{50,})'),
  rule('sendgrid-key', '\\b(?<secret>SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,})'),
  rule('vault-token', '\\b(?<secret>hv[sbr]\\.[A-Za-z0-9_-]{20,})'),
  rule('digitalocean-token', '\\b(?<secret>do[opr]_v1_[a-f0-9]{64})'),
  rule('jwt', '\\b(?<secret>eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})'),
];

/**
 * Flags whose *next* argument is the secret: `--password hunter2`, `--token xyz`.
 * Not a flag that names where the secret is (`--password-file PATH`, `--token-stdin`).
 */
export const SECRET_FLAG = new RegExp(`^--?[a-z0-9_-]*${SECRET_WORD}[a-z0-9_-]*(?<![-_](?:file|path|dir|stdin|env|name|id))$`, 'i');

/** A configuration key naming a secret, set as `<setter> KEY VALUE`: `aws configure set aws_secret_access_key …`. */
export const SECRET_KEY = new RegExp(`^[a-z0-9_.:/-]*${SECRET_WORD}$`, 'i');
/** Words after which such a key takes the next argument as its value. */
export const SETTER_WORDS: ReadonlySet<string> = new Set(['set', 'config', '--global', '--local', '--system', '--add', '--replace-all']);

/**
 * Short flags that carry a password only for particular programs: `-p` means
 * "port" to ssh and "parents" to mkdir, so it is redacted only where it is known
 * to be a password.
 */
export interface ShortFlagSpec {
  flags: readonly string[];
  /** Whether `-p VALUE` (a separate argument) carries the secret, not only `-pVALUE`. */
  separate: boolean;
  holds: 'value' | 'user-password';
  /** A subcommand that must come first: `docker login -p` is a password, `docker run -p` a port. */
  after?: string;
}

const attachedOnly = (flag: string): ShortFlagSpec => ({ flags: [flag], separate: false, holds: 'value' });
const either = (flag: string, after?: string): ShortFlagSpec => ({ flags: [flag], separate: true, holds: 'value', ...(after ? { after } : {}) });

export const SHORT_PASSWORD_FLAGS: Readonly<Record<string, ShortFlagSpec>> = {
  mysql: attachedOnly('-p'),
  mysqldump: attachedOnly('-p'),
  mysqladmin: attachedOnly('-p'),
  mariadb: attachedOnly('-p'),
  sshpass: either('-p'),
  docker: either('-p', 'login'),
  podman: either('-p', 'login'),
  buildah: either('-p', 'login'),
  skopeo: either('-p', 'login'),
  helm: either('-p', 'login'),
  az: either('-p', 'login'),
  'redis-cli': either('-a'),
  curl: { flags: ['-u', '-U', '--user', '--proxy-user'], separate: true, holds: 'user-password' },
};

/**
 * An HTTP header (or gRPC metadata) name whose value is a credential as a
 * whole: `Authorization`, `Cookie`, `X-Api-Key`, any name with a secret word.
 * The OpenTelemetry conventions record headers as `http.request.header.<name>`.
 */
export const SECRET_HEADER = new RegExp(`^(?:(?:proxy-)?authorization|(?:set-)?cookie)$|${SECRET_WORD}`, 'i');
