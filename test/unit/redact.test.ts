import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redact.ts';

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
