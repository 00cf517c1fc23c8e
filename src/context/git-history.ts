import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Commit, RepositoryRead } from '../stats/dora-stream.ts';

/**
 * What `vstrace dora` reads of a repository, at query time and never on the
 * run path: which revisions it has (`git cat-file --batch-check`), the
 * commits a stream's deployments shipped (`git log` with an explicit format,
 * from the deployed revisions back to the stream's first readable one), and
 * who authored a revision. Revisions go on stdin (merge-base takes only
 * argv: there, checked hex object names). The git
 * environment of the caller (GIT_DIR, GIT_WORK_TREE, …) is dropped, so the
 * repository read is the one named.
 */
type Env = Record<string, string | undefined>;

const isHex = (s: string): boolean => /^[0-9a-f]{4,64}$/.test(s);

function git(workTree: string, args: readonly string[], input: string, env: Env): { ok: true; out: string } | { ok: false; why: string } {
  const clean: Env = { LC_ALL: 'C' };
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('GIT_') && k !== 'LC_ALL') clean[k] = v;
  const r = spawnSync('git', ['-C', workTree, '-c', 'core.fsmonitor=false', '-c', 'log.showSignature=false', '--no-pager', ...args], {
    input,
    env: clean,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (r.error) return { ok: false, why: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed on this machine' : `git failed: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, why: `git cannot read ${workTree}: ${r.stderr.trim().split('\n')[0] ?? `exit ${r.status}`}` };
  return { ok: true, out: r.stdout };
}

/** Why a work tree cannot be read at all, before asking git. */
function absent(workTree: string): string | undefined {
  if (!statSync(workTree, { throwIfNoEntry: false })?.isDirectory()) return `repository ${workTree} is not on this machine (give --repo PATH to read a clone of it)`;
  return undefined;
}

/** The revisions among `revisions` that name a commit in the repository. */
function existing(workTree: string, revisions: readonly string[], env: Env): { exists: Set<string> } | { problem: string } {
  const asked = [...new Set(revisions.filter(isHex))];
  if (asked.length === 0) return { exists: new Set() };
  const r = git(workTree, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], `${asked.join('\n')}\n`, env);
  if (!r.ok) return { problem: r.why };
  const exists = new Set<string>();
  const lines = r.out.split('\n');
  asked.forEach((rev, i) => {
    const [sha, type] = (lines[i] ?? '').split(' ');
    if (type === 'commit' && sha?.startsWith(rev)) exists.add(rev);
  });
  return { exists };
}

/**
 * A repository, once for every stream deployed from it: each stream's
 * successful revisions in the order they ended. The commits read are those
 * reachable from any of them and not from the merge base of the streams'
 * baselines (each stream's first revision that exists): one `git log`
 * however many streams, bounded by what was deployed. Histories with no
 * common commit (a rewritten root) are read whole.
 */
export function readRepository(workTree: string, streams: ReadonlyArray<readonly string[]>, env: Env): RepositoryRead {
  const none = { exists: new Set<string>(), commits: new Map<string, Commit>() };
  const problem = absent(workTree);
  if (problem) return { ...none, problem };
  const found = existing(workTree, streams.flat(), env);
  if ('problem' in found) return { ...none, problem: found.problem };
  const { exists } = found;
  const baselines = [...new Set(streams.map((revisions) => revisions.find((r) => exists.has(r))).filter((r): r is string => r !== undefined))];
  const commits = new Map<string, Commit>();
  if (baselines.length === 0) return { exists, commits };
  const base = baselines.length === 1 ? { ok: true as const, out: baselines[0]! } : git(workTree, ['merge-base', '--octopus', ...baselines], '', env); // hex, one per stream: argv is safe and short
  const exclude = base.ok && isHex(base.out.trim()) ? `^${base.out.trim()}\n` : '';
  const r = git(workTree, ['log', '--no-color', '--format=%H%x09%P%x09%ct', '--stdin'], `${[...exists].join('\n')}\n${exclude}`, env);
  if (!r.ok) return { ...none, problem: r.why };
  for (const line of r.out.split('\n')) {
    const [sha, parents, time] = line.split('\t');
    if (!sha || time === undefined) continue;
    commits.set(sha, { parents: parents ? parents.split(' ') : [], timeUs: Number(time) * 1e6 });
  }
  return { exists, commits };
}

/** "Name <email>" of each revision's author, for the revisions the repository has. */
export function commitAuthors(workTree: string, revisions: readonly string[], env: Env): Map<string, string> {
  const authors = new Map<string, string>();
  if (absent(workTree)) return authors;
  const found = existing(workTree, revisions, env);
  if ('problem' in found || found.exists.size === 0) return authors;
  const r = git(workTree, ['log', '--no-color', '--no-walk=unsorted', '--format=%H%x09%an <%ae>', '--stdin'], `${[...found.exists].join('\n')}\n`, env);
  if (!r.ok) return authors;
  for (const line of r.out.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) authors.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return authors;
}
