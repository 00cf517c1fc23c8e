import { describe, fail, ok, type Result } from '../errors.ts';
import type { ApiJob, ApiRun } from './github-run.ts';

/**
 * The two REST documents the action reads about its own run: the run (for
 * run_started_at) and the jobs of this attempt with their steps. Bounded: one
 * deadline for every page, at most 10 pages of 100 jobs; any failure is a
 * value the summary can state, never an exception that fails the job.
 */
export interface RunDocuments {
  run: ApiRun;
  jobs: ApiJob[];
}

export interface ApiTarget {
  apiUrl: string;
  repository: string;
  runId: string;
  attempt: string;
  token: string;
}

const DEADLINE_MS = 10_000;
const MAX_PAGES = 10;

async function getJson(url: string, target: ApiTarget, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${target.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'vstrace-action' },
    signal,
  });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} from ${new URL(url).pathname}`);
  return response.json();
}

export async function fetchRunDocuments(target: ApiTarget): Promise<Result<RunDocuments>> {
  const signal = AbortSignal.timeout(DEADLINE_MS);
  const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}/actions/runs/${encodeURIComponent(target.runId)}`;
  try {
    const run = (await getJson(base, target, signal)) as ApiRun;
    const jobs: ApiJob[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = (await getJson(`${base}/attempts/${encodeURIComponent(target.attempt)}/jobs?per_page=100&page=${page}`, target, signal)) as { total_count?: number; jobs?: ApiJob[] };
      jobs.push(...(body.jobs ?? []));
      if ((body.jobs ?? []).length < 100 || jobs.length >= (body.total_count ?? 0)) break;
    }
    return ok({ run, jobs });
  } catch (error) {
    return fail('NOT_FOUND', `the GitHub API did not answer (${describe(error)})`);
  }
}

/** The job this runner is running, where the check run id was not passed in: the one in progress on this runner. */
export const ownJob = (jobs: readonly ApiJob[], checkRunId: string | undefined, runnerName: string | undefined): ApiJob | undefined =>
  jobs.find((j) => String(j.id) === checkRunId) ?? (runnerName ? jobs.find((j) => j.status === 'in_progress' && j.runner_name === runnerName) : undefined);
