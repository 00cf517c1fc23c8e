import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import type { GitInfo } from '../trace/facts.ts';

/**
 * Branch and commit of the work tree around `cwd`, read straight from .git
 * (HEAD, loose refs, packed-refs) — a `git` subprocess would cost more than
 * the whole of vstrace's start-up. Worktrees and submodules (.git as a file
 * pointing elsewhere) are followed. Any failure just means "no git info".
 */
export function readGitInfo(cwd: string): GitInfo | undefined {
  try {
    const gitDir = findGitDir(cwd);
    if (!gitDir) return undefined;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref:')) return /^[0-9a-f]{40,64}$/.test(head) ? { revision: head } : undefined;
    const ref = head.slice(4).trim();
    const branch = ref.replace(/^refs\/heads\//, '');
    const revision = resolveRef(gitDir, ref);
    return revision ? { branch, revision } : { branch };
  } catch {
    return undefined;
  }
}

function findGitDir(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, '.git');
    const stat = statSync(candidate, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return candidate;
    if (stat?.isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, 'utf8'));
      if (pointer?.[1]) return isAbsolute(pointer[1]) ? pointer[1] : resolve(dir, pointer[1]);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A linked worktree keeps its refs in the common dir named by `commondir`. */
function commonDir(gitDir: string): string {
  try {
    const common = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    return isAbsolute(common) ? common : resolve(gitDir, common);
  } catch {
    return gitDir;
  }
}

function resolveRef(gitDir: string, ref: string): string | undefined {
  for (const dir of [gitDir, commonDir(gitDir)]) {
    try {
      return readFileSync(join(dir, ref), 'utf8').trim();
    } catch {
      // not a loose ref here; try the next place
    }
  }
  try {
    const packed = readFileSync(join(commonDir(gitDir), 'packed-refs'), 'utf8');
    for (const line of packed.split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha) return sha;
    }
  } catch {
    // no packed refs: an unborn branch
  }
  return undefined;
}
