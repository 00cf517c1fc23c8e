import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRefName } from '../../src/context/git.ts';
import { storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const store = useTempStore();

/** A work tree whose .git someone else made: HEAD is what `plant` puts there. */
function tree(plant: (git: string) => void): string {
  const root = join(store.dir, 'tree');
  mkdirSync(join(root, '.git', 'refs', 'heads'), { recursive: true });
  plant(join(root, '.git'));
  return root;
}
const run = (cwd: string, input = '') => spawnSync(VSTRACE, ['run', '--', 'cat'], { env: store.env, cwd, input, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });

describe('.git is read without trusting what it is', () => {
  it('HEAD naming a file outside refs/ does not pull its first line into the span', () => {
    writeFileSync(join(store.dir, 'credentials'), 'aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n');
    const cwd = tree((git) => writeFileSync(join(git, 'HEAD'), 'ref: ../../credentials\n'));
    const r = run(cwd);
    expect(r.status).toBe(0);
    expect(JSON.stringify(storedSpans(store.home))).not.toContain('wJalrXUtnFEMI');
  });

  it('a ref holding something that is not a revision is not stored as one', () => {
    const cwd = tree((git) => {
      writeFileSync(join(git, 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(join(git, 'refs', 'heads', 'main'), 'token = abc123\n');
    });
    expect(run(cwd).status).toBe(0);
    const [span] = storedSpans(store.home);
    expect(JSON.stringify(span)).not.toContain('abc123');
    expect(span?.attributes['vcs.ref.head.name']).toBe('main');
  });

  it('a FIFO as HEAD does not hang the run', () => {
    const cwd = tree((git) => expect(spawnSync('mkfifo', [join(git, 'HEAD')]).status).toBe(0));
    const r = run(cwd, 'in\n');
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe('in\n');
    expect(storedSpans(store.home)).toHaveLength(1);
  });

  it("HEAD linked to /dev/stdin does not steal the command's input", () => {
    const cwd = tree((git) => symlinkSync('/dev/stdin', join(git, 'HEAD')));
    const r = run(cwd, 'all of my input\n');
    expect(r.stdout).toBe('all of my input\n');
    expect(r.status).toBe(0);
  });

  it.each([
    ['refs/heads/main', true],
    ['refs/heads/feature/x-1', true],
    ['../../credentials', false],
    ['refs/../../etc/passwd', false],
    ['refs/heads/.hidden', false],
    ['refs/heads/a.lock', false],
    ['refs/heads/a b', false],
    ['refs/heads/a@{1}', false],
    ['HEAD', false],
    ['refs/heads/', false],
  ])('ref name %j accepted: %s', (ref, ok) => {
    expect(isRefName(ref)).toBe(ok);
  });
});
