/**
 * What particular programs mean by their flags and positions, as data: `-P`
 * is sqlcmd's password and mysql's port; `cargo login TOKEN` takes the secret
 * as a word; `htpasswd -b FILE USER PW` only with -b. The redactor walks an
 * argv and, at each program it meets, switches to that program's entry.
 */

/**
 * How a flag or position holds its secret:
 * value: the whole value; attached: only `-pSECRET` (a bare `-p` prompts);
 * userpass: after the first `:` (`user:pass`); user%pass: after the first `%`;
 * user/pw: between `/` and `@` (`scott/tiger@db`); user,pass: after the first `,`;
 * pairs: every `k=v` value; cookie: the value unless it is a file;
 * switch: the flag takes no value (the next word is not its value).
 */
export type Hold = 'value' | 'attached' | 'userpass' | 'user%pass' | 'user/pw' | 'user,pass' | 'pairs' | 'cookie' | 'switch';

export interface VerbSpec {
  /** Words after the program, in order: `['secret', 'set']` for `gh secret set`. */
  path: readonly string[];
  /** Positional words after the path that are secret (negative: from the end). */
  positional?: readonly number[];
  /** Every positional `k=v` after the first `skip` positional words has a secret value. */
  pairs?: { skip: number };
  flags?: Readonly<Record<string, Hold>>;
  /** A flag (or one letter of a short-flag cluster) that must be present for `positional` to apply. */
  when?: string;
  /** How a secret position holds its secret (default: the whole word). */
  hold?: Hold;
  /** A positional `name=value` is an option, not the secret (`vault login method=…`). */
  skipAssignments?: true;
}

export interface ToolSpec {
  flags?: Readonly<Record<string, Hold>>;
  /** `flags` apply only once this subcommand was seen: `docker login -p` is a password, `docker run -p` a port. */
  after?: string;
  verbs?: readonly VerbSpec[];
  /** A shell: `-c` (or a cluster ending in c: `-lc`, `-ec`) takes a command line. */
  shell?: true;
  /** Every following argument is a command line: eval, ssh's remote command (after the host). */
  commandAfter?: 'all' | 'host';
  /** Flags whose value is a user:group or uid:gid, never a password. */
  notUserpass?: readonly string[];
}

const MYSQL: ToolSpec = { flags: { '-p': 'attached', '--password': 'attached' } };
const LOGIN_P: ToolSpec = { flags: { '-p': 'value', '--password': 'value' }, after: 'login' };
const LDAP: ToolSpec = { flags: { '-w': 'value' } };
const MONGO: ToolSpec = { flags: { '-p': 'value' } };
const SMB: ToolSpec = { flags: { '-U': 'user%pass', '--user': 'user%pass' } };
const ORACLE: ToolSpec = { verbs: [{ path: [], positional: [0], hold: 'user/pw' }], flags: { '-L': 'switch', '-S': 'switch' } };
const SHELL: ToolSpec = { shell: true };
const CONTAINER: ToolSpec = { flags: { '-p': 'value' }, after: 'login', notUserpass: ['-u', '--user'] };

export const TOOLS: Readonly<Record<string, ToolSpec>> = {
  mysql: MYSQL,
  mysqldump: MYSQL,
  mysqladmin: MYSQL,
  mariadb: MYSQL,
  'mariadb-dump': MYSQL,
  mysqlimport: MYSQL,
  mysqlcheck: MYSQL,
  mysqlshow: MYSQL,
  mysqlpump: MYSQL,
  mysqlslap: MYSQL,
  sqlcmd: { flags: { '-P': 'value' } },
  bcp: { flags: { '-P': 'value' } },
  zip: { flags: { '-P': 'value', '--password': 'value' } },
  unzip: { flags: { '-P': 'value' } },
  zipcloak: { flags: { '-P': 'value' } },
  '7z': { flags: { '-p': 'attached' } },
  '7za': { flags: { '-p': 'attached' } },
  rar: { flags: { '-p': 'attached' } },
  unrar: { flags: { '-p': 'attached' } },
  sshpass: { flags: { '-p': 'value' } },
  'redis-cli': { flags: { '-a': 'value' } },
  ldapsearch: LDAP,
  ldapmodify: LDAP,
  ldapadd: LDAP,
  ldapdelete: LDAP,
  ldapwhoami: LDAP,
  ldapcompare: LDAP,
  ldapmodrdn: LDAP,
  ldapexop: LDAP,
  ldappasswd: { flags: { '-w': 'value', '-s': 'value', '-a': 'value' } },
  'ssh-keygen': { flags: { '-N': 'value', '-P': 'value' } },
  openssl: { flags: { '-k': 'value' } },
  codecov: { flags: { '-t': 'value' } },
  mongosh: MONGO,
  mongo: MONGO,
  mongodump: MONGO,
  mongorestore: MONGO,
  mongoexport: MONGO,
  mongoimport: MONGO,
  mongostat: MONGO,
  mongotop: MONGO,
  mongofiles: MONGO,
  'cypher-shell': { flags: { '-p': 'value' } },
  twine: { flags: { '-p': 'value' } },
  docker: CONTAINER,
  podman: CONTAINER,
  buildah: CONTAINER,
  skopeo: CONTAINER,
  nerdctl: CONTAINER,
  finch: CONTAINER,
  helm: LOGIN_P,
  oras: LOGIN_P,
  crane: LOGIN_P,
  regctl: LOGIN_P,
  oc: LOGIN_P,
  cf: { ...LOGIN_P, verbs: [{ path: ['auth'], positional: [1] }] },
  ibmcloud: LOGIN_P,
  az: { ...LOGIN_P, verbs: [{ path: ['keyvault', 'secret', 'set'], flags: { '--value': 'value' } }] },
  doctl: { flags: { '-t': 'value' } },
  curl: { flags: { '-u': 'userpass', '-U': 'userpass', '--user': 'userpass', '--proxy-user': 'userpass', '-b': 'cookie', '--cookie': 'cookie' } },
  http: { flags: { '-a': 'userpass', '--auth': 'userpass' } },
  https: { flags: { '-a': 'userpass', '--auth': 'userpass' } },
  lftp: { flags: { '-u': 'user,pass' } },
  smbclient: SMB,
  rpcclient: SMB,
  smbcacls: SMB,
  smbget: SMB,
  net: SMB,
  'mount.cifs': SMB,
  sqlplus: ORACLE,
  expdp: ORACLE,
  impdp: ORACLE,
  exp: ORACLE,
  imp: ORACLE,
  rman: ORACLE,
  sqlldr: ORACLE,
  dgmgrl: ORACLE,
  gh: {
    verbs: [
      { path: ['secret', 'set'], flags: { '--body': 'value', '-b': 'value' } },
      { path: ['variable', 'set'], flags: {} },
    ],
  },
  aws: {
    verbs: [
      { path: ['ssm', 'put-parameter'], flags: { '--value': 'value' } },
      { path: ['secretsmanager', 'create-secret'], flags: { '--secret-string': 'value' } },
      { path: ['secretsmanager', 'put-secret-value'], flags: { '--secret-string': 'value' } },
    ],
  },
  pulumi: { flags: { '--secret': 'switch', '--plaintext': 'switch' }, verbs: [{ path: ['config', 'set'], positional: [1], when: '--secret' }] },
  mc: {
    verbs: [
      { path: ['alias', 'set'], positional: [2, 3] },
      { path: ['config', 'host', 'add'], positional: [2, 3] },
    ],
  },
  cargo: { verbs: [{ path: ['login'], positional: [0] }] },
  snyk: { verbs: [{ path: ['auth'], positional: [0] }] },
  rabbitmqctl: {
    verbs: [
      { path: ['add_user'], positional: [1] },
      { path: ['change_password'], positional: [1] },
      { path: ['authenticate_user'], positional: [1] },
    ],
  },
  htpasswd: { verbs: [{ path: [], positional: [-1], when: 'b' }] },
  vault: {
    verbs: [
      { path: ['kv', 'put'], pairs: { skip: 1 } },
      { path: ['kv', 'patch'], pairs: { skip: 1 } },
      { path: ['write'], pairs: { skip: 1 } },
      { path: ['login'], positional: [0], skipAssignments: true },
    ],
  },
  kubectl: { verbs: [{ path: ['create', 'secret'], flags: { '--from-literal': 'pairs' } }] },
  fly: { verbs: [{ path: ['secrets', 'set'], pairs: { skip: 0 } }] },
  flyctl: { verbs: [{ path: ['secrets', 'set'], pairs: { skip: 0 } }] },
  heroku: { verbs: [{ path: ['auth:token'], positional: [0] }] },
  npm: { verbs: [{ path: ['login'], flags: { '--auth-token': 'value' } }] },
  chpasswd: {},
  sh: SHELL,
  bash: SHELL,
  dash: SHELL,
  zsh: SHELL,
  ksh: SHELL,
  mksh: SHELL,
  ash: SHELL,
  fish: SHELL,
  busybox: SHELL,
  su: SHELL,
  runuser: SHELL,
  script: SHELL,
  flock: SHELL,
  eval: { commandAfter: 'all' },
  watch: { commandAfter: 'all' },
  ssh: { commandAfter: 'host' },
};

/** ssh's options that take a value (so the host is the first word that is neither an option nor its value). */
export const SSH_VALUE_FLAGS = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B']);

/** Flags of any program whose value is `user:password`. */
export const USERPASS_FLAGS = new Set([
  '--user',
  '--creds',
  '--src-creds',
  '--dest-creds',
  '--source-creds',
  '--destination-creds',
  '--proxy-user',
  '--basic-auth',
  '--auth',
  '--userpass',
  '--http-user-pass',
]);

/** Programs that read a secret from stdin when given these flags (or always, with an empty list). */
export const STDIN_SECRET: Readonly<Record<string, readonly string[]>> = {
  docker: ['--password-stdin'],
  podman: ['--password-stdin'],
  helm: ['--password-stdin'],
  nerdctl: ['--password-stdin'],
  oras: ['--password-stdin'],
  crane: ['--password-stdin'],
  skopeo: ['--password-stdin'],
  buildah: ['--password-stdin'],
  gh: ['--with-token'],
  chpasswd: [],
  passwd: ['--stdin'],
  vault: ['-'],
  cf: ['--stdin'],
  cosign: ['--password-stdin'],
  npm: ['--auth-token-stdin'],
  kubectl: ['--from-file=/dev/stdin'],
  gcloud: ['--data-file=-'],
  aws: ['--secret-string'],
};

/** Programs whose arguments a pipe hands to the next command's stdin. */
export const ECHOERS = new Set(['echo', 'printf', 'cat']);
