import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redact.ts';
import { shellCommands } from '../../src/redact/shell-words.ts';

const r = new Redactor();
const R = '[REDACTED]';

describe('Redactor: forms the secret corpus found leaking', () => {
  it.each([
    [
      ['aws', 'configure', 'set', 'aws_secret_access_key', 'wJalr'],
      ['aws', 'configure', 'set', 'aws_secret_access_key', R],
    ],
    [
      ['git', 'config', '--global', 'github.token', 'abc'],
      ['git', 'config', '--global', 'github.token', R],
    ],
    [
      ['az', 'login', '-u', 'me', '-p', 'pw'],
      ['az', 'login', '-u', 'me', '-p', R],
    ],
    [
      ['kubectl', 'create', 'secret', 'generic', 'db', '--from-literal=password=pw'],
      ['kubectl', 'create', 'secret', 'generic', 'db', `--from-literal=password=${R}`],
    ],
    [
      ['helm', 'upgrade', 'a', '.', '--set', 'pg.auth.password=pw'],
      ['helm', 'upgrade', 'a', '.', '--set', `pg.auth.password=${R}`],
    ],
    [
      ['terraform', 'apply', '-var=db_password=pw'],
      ['terraform', 'apply', `-var=db_password=${R}`],
    ],
    [
      ['npm', 'config', 'set', '//registry.npmjs.org/:_authToken=abc'],
      ['npm', 'config', 'set', `//registry.npmjs.org/:_authToken=${R}`],
    ],
    [
      ['az', 'storage', '--connection-string', 'Proto=https;AccountName=a;AccountKey=c2Vj==;Suffix=x'],
      ['az', 'storage', '--connection-string', `Proto=https;AccountName=a;AccountKey=${R};Suffix=x`],
    ],
    [
      ['psql', 'host=db port=5432 password=pw18 dbname=app'],
      ['psql', `host=db port=5432 password=${R} dbname=app`],
    ],
    [
      ['psql', "host=db password='pw with blanks' user=ci"],
      ['psql', `host=db password='${R}' user=ci`],
    ],
  ])('%j', (input, expected) => {
    expect(r.argv(input)).toEqual(expected);
  });

  it('keeps look-alikes the broad secret words used to catch', () => {
    for (const argv of [
      ['git', 'log', '--author', 'alice'],
      ['timeout', '--signal=KILL', '10', 'make'],
      ['wget', '--passive-ftp', 'ftp://example.test/f'],
      ['restic', 'backup', '--password-file', '/run/secrets/restic', '/data'],
      ['docker', 'login', '--password-stdin', '-u', 'ci', 'registry.example.test'],
      ['grep', '-r', 'password', 'src/'],
      ['train', '--tokenizer', 'bert-base'],
    ]) {
      expect(r.argv(argv)).toEqual(argv);
    }
  });
});

describe('Redactor.commandLine: shell words', () => {
  it('catches a flag and its value in a free text such as a span name', () => {
    expect(r.commandLine('deploy --token pw26')).toBe(`deploy --token ${R}`);
    expect(r.commandLine('build: docker build')).toBe('build: docker build');
  });

  it('honours quotes, so a quoted flag or value is still seen', () => {
    expect(r.commandLine(`deploy '--password' 'correct horse' && mysql "-pMy Pw" db`)).toBe(`deploy '--password' ${R} && mysql -p${R} db`);
    expect(r.commandLine(`curl -u 'admin:pa55' https://x.test`)).toBe(`curl -u admin:${R} https://x.test`);
  });

  it('keeps an ordinary line byte for byte, and redacts env-style words precisely', () => {
    expect(r.commandLine(`make -j4 build 2>&1 | tee "build log.txt"`)).toBe(`make -j4 build 2>&1 | tee "build log.txt"`);
    expect(r.commandLine('TOKEN=abc ./deploy.sh --verbose')).toBe(`TOKEN=${R} ./deploy.sh --verbose`);
  });

  it('catches what an unquoted line split into words', () => {
    expect(r.commandLine('curl https://s3.test/o?a=1&X-Amz-Signature=f00d -o out')).not.toContain('f00d');
  });

  it('splits commands at operators and words at blanks, unquoting as the shell does', () => {
    expect(shellCommands(`a 'b c' "d\\"e" f\\ g; h|i`)?.map((c) => c.words.map((w) => w.value))).toEqual([['a', 'b c', 'd"e', 'f g'], ['h'], ['i']]);
    expect(shellCommands(`echo 'unterminated`)).toBeUndefined();
  });
});
