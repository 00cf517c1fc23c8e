/**
 * Secret forms that real command lines carry, each as the argv a user types
 * (the program is a stub that does nothing) and the secret that must not
 * survive into any output. The values are made up but have the real formats.
 * Add a form: one line here; every surface in surfaces.ts checks it.
 */
export interface SecretCase {
  form: string;
  argv: string[];
  secret: string;
}

const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1ib3QiLCJpYXQiOjE3NjQwMDAwMDB9.Qm9ndXNTaWduYXR1cmVGb3JUZXN0czEyMzQ1Njc4OTA';
const pem = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACBmYWtla2V5Zm9ydGVzdHNvbmx5ZmFrZWtleWZvcnRlc3RzAAAAAA==',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const pemBody = pem.split('\n')[1]!;

export const SECRET_CASES: readonly SecretCase[] = [
  // cloud keys
  { form: 'AWS access key id', argv: ['aws', 'configure', 'set', 'aws_access_key_id', 'AKIAZ3MPLE7QWERTY5X2'], secret: 'AKIAZ3MPLE7QWERTY5X2' },
  {
    form: 'AWS secret key, aws configure set',
    argv: ['aws', 'configure', 'set', 'aws_secret_access_key', 'wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY9'],
    secret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY9',
  },
  { form: 'AWS secret key as env-style arg', argv: ['env', 'AWS_SECRET_ACCESS_KEY=Zq8sK2mW9xR4tY7uI1oP3aS5dF6gH8jK0lZ2xC4v', 'terraform', 'plan'], secret: 'Zq8sK2mW9xR4tY7uI1oP3aS5dF6gH8jK0lZ2xC4v' },
  { form: 'AWS STS key id', argv: ['aws', 's3', 'ls', '--debug', 'ASIAQWERTYUIOP123456'], secret: 'ASIAQWERTYUIOP123456' },
  {
    form: 'presigned S3 URL signature',
    argv: ['curl', 'https://b.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=f3a9c1d2e4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f'],
    secret: 'f3a9c1d2e4b5a6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f',
  },
  { form: 'Google API key', argv: ['curl', 'https://maps.example.test/api?address=x', '-d', 'AIzaSyD3m0K3yF0rT3st1ngOnlyXXXXXXXXXXXX'], secret: 'AIzaSyD3m0K3yF0rT3st1ngOnlyXXXXXXXXXXXX' },
  {
    form: 'Azure storage connection string',
    argv: [
      'az',
      'storage',
      'blob',
      'list',
      '--connection-string',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0QWNjb3VudEtleUZvclRlc3RzT25seQ==;EndpointSuffix=core.windows.net',
    ],
    secret: 'c2VjcmV0QWNjb3VudEtleUZvclRlc3RzT25seQ==',
  },
  {
    form: 'Azure SAS sig= query',
    argv: ['azcopy', 'copy', 'f.txt', 'https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=rw&sig=Zm9vYmFyYmF6cXV4U2lnbmF0dXJlMTIzNDU2Nzg5MA%3D'],
    secret: 'Zm9vYmFyYmF6cXV4U2lnbmF0dXJlMTIzNDU2Nzg5MA%3D',
  },
  { form: 'az login -p', argv: ['az', 'login', '-u', 'ci@example.test', '-p', 'Az-P4ssw0rd-for-tests'], secret: 'Az-P4ssw0rd-for-tests' },
  {
    form: 'DigitalOcean token',
    argv: ['doctl', 'auth', 'init', '-t', 'dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    secret: 'dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  },
  // VCS and registry tokens
  { form: 'GitHub classic PAT', argv: ['gh', 'api', 'user', '-H', 'x: ghp_16C7e42F292c6912E7710c838347Ae178B4a'], secret: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' },
  {
    form: 'GitHub fine-grained PAT',
    argv: ['git', 'push', 'https://x-access-token@github.com/o/r.git', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS'],
    secret: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS',
  },
  { form: 'GITHUB_TOKEN env-style', argv: ['env', 'GITHUB_TOKEN=gho_abcdefghijklmnopqrstuvwxyz0123456789', 'gh', 'pr', 'list'], secret: 'gho_abcdefghijklmnopqrstuvwxyz0123456789' },
  { form: 'GitLab PAT in a clone URL', argv: ['git', 'clone', 'https://oauth2:glpat-Xy9zAbCdEfGhIjKlMnOp@gitlab.example.test/g/p.git'], secret: 'glpat-Xy9zAbCdEfGhIjKlMnOp' },
  { form: 'GitLab PRIVATE-TOKEN header', argv: ['curl', '--header', 'PRIVATE-TOKEN: glpat-AAAABBBBCCCCDDDDEEEE', 'https://gitlab.example.test/api/v4/projects'], secret: 'glpat-AAAABBBBCCCCDDDDEEEE' },
  { form: 'npm token', argv: ['npm', 'whoami', '--registry', 'https://registry.npmjs.org/', 'npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'], secret: 'npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' },
  { form: 'npmrc _authToken', argv: ['npm', 'config', 'set', '//registry.npmjs.org/:_authToken=5f4dcc3b-5aa7-4b65-9d1e-0a1b2c3d4e5f'], secret: '5f4dcc3b-5aa7-4b65-9d1e-0a1b2c3d4e5f' },
  {
    form: 'PyPI token',
    argv: ['twine', 'upload', '-u', '__token__', '--password', 'pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcC1xcnN0LXV2d3h5ejAxMjM0NTY3ODkw'],
    secret: 'pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcC1xcnN0LXV2d3h5ejAxMjM0NTY3ODkw',
  },
  { form: 'docker login -p', argv: ['docker', 'login', '-u', 'ci', '-p', 'dckr_pat_FakeFakeFakeFake12345', 'registry.example.test'], secret: 'dckr_pat_FakeFakeFakeFake12345' },
  { form: 'helm registry login --password', argv: ['helm', 'registry', 'login', 'r.example.test', '--username', 'ci', '--password', 'H3lmS3cr3t!'], secret: 'H3lmS3cr3t!' },
  // chat, payment, AI, mail
  {
    form: 'Slack bot token',
    argv: ['curl', '-d', 'token=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'https://slack.com/api/chat.postMessage'],
    secret: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  },
  { form: 'Slack webhook URL', argv: ['curl', '-X', 'POST', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'], secret: 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
  { form: 'Stripe live key', argv: ['stripe', 'charges', 'list', '--api-key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'], secret: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' },
  { form: 'OpenAI project key', argv: ['llm', 'keys', 'set', 'openai', 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345'], secret: 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345' },
  { form: 'Anthropic key', argv: ['env', 'ANTHROPIC_API_KEY=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', 'node', 'bot.js'], secret: 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv' },
  {
    form: 'SendGrid key',
    argv: ['curl', '-d', '{}', 'https://api.sendgrid.com/v3/mail/send', '-H', 'x: 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'],
    secret: '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',
  },
  { form: 'Vault token', argv: ['vault', 'login', 'hvs.CAESIFakeVaultTokenForTestsOnly0123'], secret: 'hvs.CAESIFakeVaultTokenForTestsOnly0123' },
  // auth headers
  { form: 'Authorization: Bearer JWT', argv: ['curl', '-H', `Authorization: Bearer ${jwt}`, 'https://api.example.test'], secret: jwt },
  { form: 'Authorization: Basic', argv: ['curl', '-H', 'Authorization: Basic YWxpY2U6c3VwZXJzZWNyZXQ=', 'https://api.example.test'], secret: 'YWxpY2U6c3VwZXJzZWNyZXQ=' },
  { form: 'Authorization: Token', argv: ['http', 'GET', 'api.example.test', 'Authorization:Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b'], secret: '9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b' },
  { form: 'git -c http.extraHeader', argv: ['git', '-c', 'http.extraHeader=Authorization: Basic eC1hY2Nlc3MtdG9rZW46Z2hzX3h5eg==', 'fetch'], secret: 'eC1hY2Nlc3MtdG9rZW46Z2hzX3h5eg==' },
  { form: 'X-API-Key header', argv: ['curl', '-H', 'X-API-Key: 7c4a8d09ca3762af61e59520943dc26494f8941b', 'https://api.example.test'], secret: '7c4a8d09ca3762af61e59520943dc26494f8941b' },
  { form: 'Honeycomb team header in OTEL headers', argv: ['env', 'OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=hcaik_01hq0fakefakefakefake', 'make'], secret: 'hcaik_01hq0fakefakefakefake' },
  // URL credentials
  { form: 'postgres URL password', argv: ['psql', 'postgresql://app:Pg-Pa55-w0rd@db.example.test:5432/app'], secret: 'Pg-Pa55-w0rd' },
  { form: 'redis URL, empty user', argv: ['redis-cli', '-u', 'redis://:R3d1sS3cr3t@cache.example.test:6379/0', 'ping'], secret: 'R3d1sS3cr3t' },
  { form: 'mongodb+srv URL', argv: ['mongosh', 'mongodb+srv://admin:M0ng0Pw@cluster0.example.test/db'], secret: 'M0ng0Pw' },
  { form: 'access_token query parameter', argv: ['curl', 'https://api.example.test/v1/items?limit=5&access_token=at-0123456789abcdef'], secret: 'at-0123456789abcdef' },
  { form: 'libpq key=value connection string', argv: ['psql', 'host=db.example.test port=5432 password=L1bpqPw-77 dbname=app'], secret: 'L1bpqPw-77' },
  { form: 'DATABASE_URL env-style', argv: ['env', 'DATABASE_URL=mysql://root:My5qlR00t@127.0.0.1/app', 'rails', 'db:migrate'], secret: 'My5qlR00t' },
  // password and token flags
  { form: '--password value', argv: ['deploy-tool', '--user', 'ci', '--password', 'correct-horse-battery'], secret: 'correct-horse-battery' },
  { form: '--password=value', argv: ['deploy-tool', '--password=Tr0ub4dor&3'], secret: 'Tr0ub4dor&3' },
  { form: '--token value', argv: ['codecov', '--token', 'c0dec0v-t0ken-1234'], secret: 'c0dec0v-t0ken-1234' },
  { form: '--client-secret=', argv: ['az', 'login', '--service-principal', '--client-secret=cs~Fake.Secret_123'], secret: 'cs~Fake.Secret_123' },
  { form: 'openssl -passin pass:', argv: ['openssl', 'pkcs12', '-in', 'c.p12', '-passin', 'pass:p12-export-pw'], secret: 'p12-export-pw' },
  { form: 'mysql -pSECRET', argv: ['mysql', '-uroot', '-pMyR00tPw', 'app'], secret: 'MyR00tPw' },
  { form: 'sshpass -p', argv: ['sshpass', '-p', 'ssh-pa55', 'ssh', 'deploy@host'], secret: 'ssh-pa55' },
  { form: 'redis-cli -a', argv: ['redis-cli', '-a', 'red1s-auth', 'ping'], secret: 'red1s-auth' },
  { form: 'curl -u user:password', argv: ['curl', '-u', 'admin:curl-pa55', 'https://api.example.test'], secret: 'curl-pa55' },
  { form: 'kubectl --from-literal', argv: ['kubectl', 'create', 'secret', 'generic', 'db', '--from-literal=password=K8sS3cr3tVal'], secret: 'K8sS3cr3tVal' },
  { form: 'helm --set x.password=', argv: ['helm', 'upgrade', 'app', './chart', '--set', 'postgresql.auth.password=HelmPgPw1'], secret: 'HelmPgPw1' },
  { form: 'terraform -var=db_password=', argv: ['terraform', 'apply', '-var=db_password=TfDbPw99'], secret: 'TfDbPw99' },
  { form: 'docker -e DB_PASSWORD=', argv: ['docker', 'run', '-e', 'DB_PASSWORD=D0ck3rEnvPw', 'app'], secret: 'D0ck3rEnvPw' },
  { form: 'PGPASSWORD env-style', argv: ['env', 'PGPASSWORD=pgEnvPw42', 'psql', '-h', 'db'], secret: 'pgEnvPw42' },
  // JWTs and keys as plain arguments
  { form: 'JWT as an argument', argv: ['jwt-cli', 'decode', jwt], secret: jwt },
  { form: 'PEM private key block', argv: ['ssh-add-stub', pem], secret: pemBody },
];

/** Strings that look like secrets to a careless rule but are not: each must survive intact. */
export interface LookAlike {
  form: string;
  argv: string[];
  keep: string;
}

export const LOOK_ALIKES: readonly LookAlike[] = [
  { form: 'commit SHA', argv: ['git', 'checkout', '9fceb02d0ae598e95dc970b74767f19372d61af8'], keep: '9fceb02d0ae598e95dc970b74767f19372d61af8' },
  { form: 'short SHA', argv: ['git', 'show', '9fceb02'], keep: '9fceb02' },
  {
    form: 'SHA-256 digest',
    argv: ['docker', 'pull', 'alpine@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    keep: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  { form: 'UUID', argv: ['kubectl', 'delete', 'pod', '123e4567-e89b-12d3-a456-426614174000'], keep: '123e4567-e89b-12d3-a456-426614174000' },
  { form: 'ordinary path', argv: ['cat', '/home/dev/.ssh/known_hosts'], keep: '/home/dev/.ssh/known_hosts' },
  { form: 'path with "secrets" in it', argv: ['ls', './config/secrets/README.md'], keep: './config/secrets/README.md' },
  { form: 'password file path', argv: ['docker', 'login', '--password-stdin', '-u', 'ci', 'registry.example.test'], keep: 'registry.example.test' },
  { form: '--password-file path', argv: ['restic', 'backup', '--password-file', '/run/secrets/restic', '/data'], keep: '/run/secrets/restic' },
  { form: 'version string', argv: ['npm', 'install', 'left-pad@1.3.0'], keep: 'left-pad@1.3.0' },
  { form: 'semver tag', argv: ['git', 'tag', 'v2.14.3-rc.1'], keep: 'v2.14.3-rc.1' },
  { form: 'base64-ish file name', argv: ['cp', 'dGhpcyBpcyBub3QgYSBzZWNyZXQ.png', '/tmp/'], keep: 'dGhpcyBpcyBub3QgYSBzZWNyZXQ.png' },
  { form: 'URL without credentials', argv: ['curl', 'https://example.test:8443/path?page=2&sort=asc'], keep: 'https://example.test:8443/path?page=2&sort=asc' },
  { form: 'port mapping', argv: ['docker', 'run', '-p', '8080:80', 'nginx'], keep: '8080:80' },
  { form: 'ssh port', argv: ['ssh', '-p', '2222', 'deploy@host'], keep: '2222' },
  { form: 'git log --author', argv: ['git', 'log', '--author', 'alice'], keep: 'alice' },
  { form: 'timeout --signal', argv: ['timeout', '--signal=KILL', '10', 'make'], keep: '--signal=KILL' },
  { form: 'traceparent value', argv: ['vstrace-stub', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'], keep: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  { form: 'mysql -p prompts (next word is a database)', argv: ['mysql', '-p', 'inventory'], keep: 'inventory' },
];

/** Secrets given to vstrace itself rather than to the command: tags and span names. */
export const OPTION_CASES: readonly { form: string; options: string[]; secret: string }[] = [
  { form: 'secret-named tag', options: ['--tag', 'deploy_token=tag-t0ken-value-123'], secret: 'tag-t0ken-value-123' },
  { form: 'tag holding a PAT (key|value form)', options: ['--tag', 'who|ghp_TagTagTagTagTagTagTagTagTagTagTag1'], secret: 'ghp_TagTagTagTagTagTagTagTagTagTagTag1' },
  { form: 'span name holding a flag and its value', options: ['--name', 'deploy --token N4meFl4gT0ken'], secret: 'N4meFl4gT0ken' },
  { form: 'span name holding a token', options: ['--name', 'publish with npm_NameNameNameNameNameNameNameName1234'], secret: 'npm_NameNameNameNameNameNameNameName1234' },
];

/**
 * Secrets that live in configuration, not on a command line: the corpus runs
 * with a config file that holds them all, so they must stay out of every
 * surface too — stored spans and the export included — and `vstrace config`
 * and `vstrace doctor` must show them masked.
 */
export const CONFIG_SECRETS = {
  endpointPassword: 'Endp0int-Pa55w0rd-Cfg',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb25maWctdGVzdCJ9.Y29uZmlnLXNpZ25hdHVyZS1mb3ItdGVzdHM',
  honeycomb: 'hcaik_01hcfgcfgcfgcfgcfgcfgcfgcfgcfgcfgcfg',
  tagToken: 'ghp_CfgTagCfgTagCfgTagCfgTagCfgTagCfg01',
  resourceKey: 'AKIACFG7RESOURCE0ATT',
} as const;

/** A YAML project config holding CONFIG_SECRETS, exporting to 127.0.0.1:`port` (with the password in its URL). */
export function secretConfig(port: number): string {
  const s = CONFIG_SECRETS;
  return [
    'service: secrets-corpus',
    'defaultTags:',
    '  team: infra',
    `  deploy_token: ${s.tagToken}`,
    'resourceAttributes:',
    `  cloud.account.key: ${s.resourceKey}`,
    'export:',
    '  exporter: otlp',
    `  endpoint: http://deploy:${s.endpointPassword}@127.0.0.1:${port}`,
    '  timeoutMs: 1000',
    '  headers:',
    `    authorization: Bearer ${s.bearer}`,
    `    x-honeycomb-team: ${s.honeycomb}`,
    '',
  ].join('\n');
}
