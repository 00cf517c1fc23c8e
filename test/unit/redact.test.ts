import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redact.ts';
import { MAX_FINDINGS } from '../../src/redact/text.ts';
import { OVERLAP, WINDOW } from '../../src/redact/user-patterns.ts';

const r = new Redactor();
const R = '[REDACTED]';

describe('Redactor.argv', () => {
  it.each([
    [
      ['deploy', '--password=hunter2'],
      ['deploy', `--password=${R}`],
    ],
    [
      ['deploy', '--password', 'hunter2', '--verbose'],
      ['deploy', '--password', R, '--verbose'],
    ],
    [
      ['cli', '--api-key', 'k123', '--db-password=pw'],
      ['cli', '--api-key', R, `--db-password=${R}`],
    ],
    [
      ['mysql', '-uroot', '-psecret', 'db'],
      ['mysql', '-uroot', `-p${R}`, 'db'],
    ],
    [
      ['mysql', '-p', 'mydb'],
      ['mysql', '-p', 'mydb'],
    ],
    [
      ['docker', 'login', '-u', 'me', '-p', 's3cret', 'registry'],
      ['docker', 'login', '-u', 'me', '-p', R, 'registry'],
    ],
    [
      ['sudo', 'sshpass', '-p', 'pw', 'ssh', 'host'],
      ['sudo', 'sshpass', '-p', R, 'ssh', 'host'],
    ],
    [
      ['redis-cli', '-a', 'pw', 'ping'],
      ['redis-cli', '-a', R, 'ping'],
    ],
    [
      ['curl', '-u', 'alice:pw', 'https://x.test'],
      ['curl', '-u', `alice:${R}`, 'https://x.test'],
    ],
    [
      ['curl', '-H', 'Authorization: Bearer abc.def'],
      ['curl', '-H', `Authorization: Bearer ${R}`],
    ],
    [
      ['env', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI', 'make'],
      ['env', `AWS_SECRET_ACCESS_KEY=${R}`, 'make'],
    ],
    [
      ['git', 'clone', 'https://bob:tok3n@github.com/o/r.git'],
      ['git', 'clone', `https://bob:${R}@github.com/o/r.git`],
    ],
  ])('%j', (input, expected) => {
    expect(r.argv(input)).toEqual(expected);
  });

  it('leaves ordinary short flags of other programs alone', () => {
    expect(r.argv(['ssh', '-p', '2222', 'host'])).toEqual(['ssh', '-p', '2222', 'host']);
    expect(r.argv(['mkdir', '-p', 'a/b'])).toEqual(['mkdir', '-p', 'a/b']);
    expect(r.argv(['docker', 'run', '-p', '8080:80', 'nginx'])).toEqual(['docker', 'run', '-p', '8080:80', 'nginx']);
  });
});

describe('Redactor.text', () => {
  it.each([
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', R],
    ['token glpat-xxxxxxxxxxxxxxxxxxxx end', `token ${R} end`],
    ['AKIAIOSFODNN7EXAMPLE', R],
    ['xoxb-123456789012-abcdefghij', R],
    ['https://api.test/v1?api_key=abc123&x=1', `https://api.test/v1?api_key=${R}&x=1`],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', R],
  ])('%s', (input, expected) => {
    expect(r.text(input)).toBe(expected);
  });

  it('keeps look-alikes: commit SHAs, UUIDs, paths', () => {
    for (const keep of ['9fceb02d0ae598e95dc970b74767f19372d61af8', '123e4567-e89b-12d3-a456-426614174000', '/var/lib/docker/overlay2/abc', 'key=value', 'v1.2.3']) {
      expect(r.text(keep)).toBe(keep);
    }
  });

  it('hides a private key block whole', () => {
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    expect(r.text(pem)).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
  });

  it('takes extra patterns from config, narrowing to a `secret` group when there is one', () => {
    const custom = new Redactor(['internal-[0-9]{4}', 'pin:(?<secret>\\d+)']);
    expect(custom.text('id internal-1234 pin:9876')).toBe(`id ${R} pin:${R}`);
  });
});

describe('Redactor.commandLine', () => {
  it('redacts values after secret flags and mysql -p in a shell line', () => {
    expect(r.commandLine('deploy --token abc123 && mysql -uroot -phunter2 db | tee out')).toBe(`deploy --token ${R} && mysql -uroot -p${R} db | tee out`);
  });
});

describe('Redactor: bounded work, failing closed', () => {
  it('a text with more than MAX_FINDINGS secret places is hidden whole; one with fewer keeps its harmless parts', () => {
    const many = Array.from({ length: MAX_FINDINGS + 10 }, (_, i) => `password=Pw${i}x`).join('&');
    expect(r.text(many)).toBe(R);
    const few = 'password=Pw1x&user=ci&password=Pw2x';
    expect(r.text(few)).toBe(`password=${R}&user=ci&password=${R}`);
  });

  it('nested command lines beyond the budget are hidden whole; below it they are parsed', () => {
    const big = 'echo hi; '.repeat(40_000);
    expect(r.argv(['sh', '-c', big])).toEqual(['sh', '-c', R]);
    const ordinary = `${'echo hi; '.repeat(10_000)}deploy --password hunter2`;
    const out = r.argv(['sh', '-c', ordinary]);
    expect(out[2]!.startsWith('echo hi; echo hi;')).toBe(true);
    expect(out[2]!.endsWith(`deploy --password ${R}`)).toBe(true);
  });

  it('the budget is per redaction: a second call starts afresh', () => {
    const big = 'echo hi; '.repeat(40_000);
    expect(r.argv(['sh', '-c', big])).toEqual(['sh', '-c', R]);
    expect(r.argv(['sh', '-c', 'deploy --token t0k3n'])).toEqual(['sh', '-c', `deploy --token ${R}`]);
  });

  it('a user pattern finds a match that straddles two of its windows', () => {
    const custom = new Redactor(['pin:(?<secret>\\d{4,8})']);
    for (const at of [0, WINDOW - 6, WINDOW - OVERLAP + 3, 3 * (WINDOW - OVERLAP) - 2]) {
      const text = `${'x'.repeat(at)} pin:12345678 ${'y'.repeat(100)}`;
      expect(custom.text(text)).toBe(`${'x'.repeat(at)} pin:${R} ${'y'.repeat(100)}`);
    }
  });
});
