import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readRegular } from '../fs/bounded-read.ts';

import type { GitInfo } from '../trace/facts.ts';

/**
 * Branch and commit of the work tree around `cwd`, read straight from .git
 * (HEAD, loose refs, packed-refs) — a `git` subprocess would cost more than
 * the whole of vstrace's start-up. Worktrees and submodules (.git as a file
 * pointing elsewhere) are followed. Any failure just means "no git info".
 * A .git is anyone's file (a cloned or unpacked tree): only regular files are
 * read, each bounded; a ref is followed only when it is a name git itself
 * would accept under refs/, and a revision is kept only when it looks like one.
 */
export function readGitInfo(cwd: string): GitInfo | undefined {
  try {
    const gitDir = findGitDir(cwd);
    if (!gitDir) return undefined;
    const head = readRegular(join(gitDir, 'HEAD'), SMALL)?.trim();
    if (head === undefined) return undefined;
    if (!head.startsWith('ref:')) return isRevision(head) ? { revision: head } : undefined;
    const ref = head.slice(4).trim();
    if (!isRefName(ref)) return undefined;
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
      const pointer = /^gitdir:\s*(.+)$/m.exec(readRegular(candidate, SMALL) ?? '');
      if (pointer?.[1]) return isAbsolute(pointer[1]) ? pointer[1] : resolve(dir, pointer[1]);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A linked worktree keeps its refs in the common dir named by `commondir`. */
function commonDir(gitDir: string): string {
  const common = readRegular(join(gitDir, 'commondir'), SMALL)?.trim();
  if (!common) return gitDir;
  return isAbsolute(common) ? common : resolve(gitDir, common);
}

function resolveRef(gitDir: string, ref: string): string | undefined {
  for (const dir of [gitDir, commonDir(gitDir)]) {
    const loose = readRegular(join(dir, ref), SMALL)?.trim();
    if (loose !== undefined) return isRevision(loose) ? loose : undefined;
  }
  const packed = readRegular(join(commonDir(gitDir), 'packed-refs'), PACKED_MAX) ?? ''; // none: an unborn branch
  for (const line of packed.split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha) return isRevision(sha) ? sha : undefined;
  }
  return undefined;
}

/** HEAD, a loose ref, a gitdir or commondir pointer: a line. packed-refs: big repositories have ~100k refs. */
const SMALL = 4096;
const PACKED_MAX = 32 * 1024 * 1024;

/** A SHA-1 or SHA-256 object name. */
export const isRevision = (s: string): boolean => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(s);

/** A ref name under refs/ that `git check-ref-format` accepts (no .., no component starting with ., no .lock, no control or special characters). */
export function isRefName(ref: string): boolean {
  if (!ref.startsWith('refs/') || ref.length > 1024) return false;
  if (/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|\/$|\.$|\.lock(?:\/|$)/.test(ref)) return false;
  return ref.split('/').every((part) => part !== '' && !part.startsWith('.'));
}
