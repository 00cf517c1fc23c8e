import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * A real git repository for tests, whose commits have the times the test
 * gives (author and committer dates set explicitly), by an author it names.
 */
export class GitRepo {
  constructor(
    readonly dir: string,
    private readonly env: Record<string, string>,
  ) {
    mkdirSync(dir, { recursive: true });
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: this.dir, env: this.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  }

  /** A commit at `timeS` (seconds since the epoch) by `author`; returns its sha. */
  commit(message: string, timeS: number, author = 'Ann Author <ann@example.com>'): string {
    const [, name, email] = /^(.*) <(.*)>$/.exec(author)!;
    const date = `@${timeS} +0000`;
    const r = spawnSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message], {
      cwd: this.dir,
      env: { ...this.env, GIT_AUTHOR_NAME: name!, GIT_AUTHOR_EMAIL: email!, GIT_COMMITTER_NAME: name!, GIT_COMMITTER_EMAIL: email!, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`git commit: ${r.stderr}`);
    return this.git('rev-parse', 'HEAD');
  }

  /** A merge commit of `branch` into the current branch at `timeS`. */
  merge(branch: string, timeS: number): string {
    const date = `@${timeS} +0000`;
    const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'merge', '-q', '--no-ff', '-m', `merge ${branch}`, branch], {
      cwd: this.dir,
      env: { ...this.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`git merge: ${r.stderr}`);
    return this.git('rev-parse', 'HEAD');
  }
}
