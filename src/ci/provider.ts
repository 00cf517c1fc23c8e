import type { Env } from '../trace/carrier.ts';

/**
 * One CI provider as data: how to recognise it, and where its documented
 * environment variables put the facts the OpenTelemetry CICD and VCS
 * semantic conventions name. Everything here is a pure function of the
 * environment: no I/O, so `vstrace run` can consult it on every start.
 */
export type EnvValue = string | ((env: Env) => string | undefined);

/** The semantic-convention attributes a provider can fill (cicd.*, vcs.*). */
export type CiAttribute =
  | 'cicd.pipeline.name'
  | 'cicd.pipeline.run.id'
  | 'cicd.pipeline.run.url.full'
  | 'cicd.pipeline.task.name'
  | 'cicd.pipeline.task.run.id'
  | 'cicd.pipeline.task.run.url.full'
  | 'cicd.worker.name'
  | 'vcs.repository.url.full'
  | 'vcs.repository.name'
  | 'vcs.ref.head.name'
  | 'vcs.ref.head.revision'
  | 'vcs.ref.base.name'
  | 'vcs.change.id';

export interface CiProvider {
  /** Stable id, recorded as `vstrace.ci.provider`. */
  id: string;
  /** For people: "GitHub Actions". */
  name: string;
  detect: (env: Env) => boolean;
  attributes: Partial<Record<CiAttribute, EnvValue>>;
  /** What identifies this run of the pipeline (a re-run included, where the provider counts attempts). */
  runKey: EnvValue;
  /** What identifies this job within the run (a retried job included). */
  jobKey: EnvValue;
  /** When the run started (ISO 8601), where the provider says so: the run span's start when it ends on another machine. */
  runStartedAt?: EnvValue;
  /** Ids of the provider's own making, replacing vstrace's generic derivation (GitHub: the Collector's githubreceiver). */
  ids?: (env: Env) => { traceId: string; runSpanId: string; jobSpanId: string } | undefined;
}

/** A variable's value; empty counts as unset, as CI systems often export empty variables. */
export function envValue(env: Env, value: EnvValue | undefined): string | undefined {
  const v = typeof value === 'function' ? value(env) : value === undefined ? undefined : env[value];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** Pieces joined: UPPER_CASE names are variables, functions are computed, anything else is literal text; undefined when a variable is missing. */
export const joined = (env: Env, parts: readonly EnvValue[], separator = ''): string | undefined => {
  const values = parts.map((p) => (typeof p === 'string' && !/^[A-Z_][A-Z0-9_]*$/.test(p) ? p : envValue(env, p)));
  return values.every((v) => v !== undefined) ? values.join(separator) : undefined;
};

/** The first of several variables that is set. */
export const firstOf =
  (...names: string[]) =>
  (env: Env): string | undefined =>
    names.map((n) => envValue(env, n)).find((v) => v !== undefined);
