import { parseDuration } from '../stats/period.ts';

/**
 * The action's inputs (action.yml), normalised in one place: what main and
 * post read of INPUT_* through @actions/core, as plain values with defaults.
 */
export interface ActionInputs {
  token?: string;
  checkRunId?: string;
  /** `k=v` tags for the job's span, one per line or comma-separated. */
  tags: string[];
  summary: boolean;
  summaryRows: number;
  flushTimeoutMs: number;
}

export type ReadInput = (name: string) => string;

const DEFAULT_ROWS = 60;
const DEFAULT_FLUSH_MS = 15_000;

export function readInputs(input: ReadInput): { inputs: ActionInputs; problems: string[] } {
  const problems: string[] = [];
  const rows = Number(input('summary-rows') || DEFAULT_ROWS);
  if (!Number.isInteger(rows) || rows < 5) problems.push(`summary-rows: "${input('summary-rows')}" is not a whole number of rows of 5 or more; using ${DEFAULT_ROWS}`);
  let flushMs = DEFAULT_FLUSH_MS;
  if (input('flush-timeout')) {
    try {
      flushMs = Math.round(parseDuration(input('flush-timeout')) / 1000);
    } catch (error) {
      problems.push(`flush-timeout: ${(error as Error).message}; using ${DEFAULT_FLUSH_MS / 1000}s`);
    }
  }
  const summary = input('summary').trim().toLowerCase();
  if (summary !== '' && summary !== 'true' && summary !== 'false') problems.push(`summary: "${input('summary')}" is not true or false; writing the summary`);
  return {
    inputs: {
      ...(input('github-token') ? { token: input('github-token') } : {}),
      ...(input('check-run-id') ? { checkRunId: input('check-run-id').trim() } : {}),
      tags: input('tags')
        .split(/[\n,]/)
        .map((t) => t.trim())
        .filter(Boolean),
      summary: summary !== 'false',
      summaryRows: Number.isInteger(rows) && rows >= 5 ? rows : DEFAULT_ROWS,
      flushTimeoutMs: flushMs,
    },
    problems,
  };
}
