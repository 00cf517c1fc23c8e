import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readRegular } from '../fs/bounded-read.ts';

import { withoutCredentials } from '../trace/deployment.ts';
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
export function readGitInfo(cwd: string, deployment = false): GitInfo | undefined {
  try {
    const found = findGitDir(cwd);
    if (!found) return undefined;
    const { gitDir, workTree } = found;
    const head = readRegular(join(gitDir, 'HEAD'), SMALL)?.trim();
    if (head === undefined) return undefined;
    // A deployment also records where its repository is and its remote: one more bounded read, of .git/config.
    const where = deployment ? { workTree, ...remoteUrl(gitDir) } : {};
    if (!head.startsWith('ref:')) return isRevision(head) ? { revision: head, ...where } : undefined;
    const ref = head.slice(4).trim();
    if (!isRefName(ref)) return undefined;
    const branch = ref.replace(/^refs\/heads\//, '');
    const revision = resolveRef(gitDir, ref);
    return revision ? { branch, revision, ...where } : { branch, ...where };
  } catch {
    return undefined;
  }
}

function findGitDir(start: string): { gitDir: string; workTree: string } | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, '.git');
    const stat = statSync(candidate, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return { gitDir: candidate, workTree: dir };
    if (stat?.isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readRegular(candidate, SMALL) ?? '');
      if (pointer?.[1]) return { gitDir: isAbsolute(pointer[1]) ? pointer[1] : resolve(dir, pointer[1]), workTree: dir };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The `origin` remote's URL, else the first remote's, from the repository's config; credentials in it are dropped. */
function remoteUrl(gitDir: string): { repositoryUrl?: string } {
  const config = readRegular(join(commonDir(gitDir), 'config'), CONFIG_MAX) ?? '';
  const urls: Array<[string, string]> = [];
  let remote: string | undefined;
  for (const line of config.split('\n')) {
    const section = /^\s*\[\s*remote\s+"([^"]*)"\s*\]/.exec(line);
    if (section) remote = section[1];
    else if (/^\s*\[/.test(line)) remote = undefined;
    else if (remote !== undefined) {
      const url = /^\s*url\s*=\s*(\S.*?)\s*$/.exec(line)?.[1];
      if (url) urls.push([remote, url]);
    }
  }
  const url = (urls.find(([name]) => name === 'origin') ?? urls[0])?.[1];
  return url ? { repositoryUrl: withoutCredentials(url) } : {};
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
const CONFIG_MAX = 64 * 1024;

/** A SHA-1 or SHA-256 object name. */
export const isRevision = (s: string): boolean => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(s);

/** A ref name under refs/ that `git check-ref-format` accepts (no .., no component starting with ., no .lock, no control or special characters). */
export function isRefName(ref: string): boolean {
  if (!ref.startsWith('refs/') || ref.length > 1024) return false;
  if (/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|\/$|\.$|\.lock(?:\/|$)/.test(ref)) return false;
  return ref.split('/').every((part) => part !== '' && !part.startsWith('.'));
}
