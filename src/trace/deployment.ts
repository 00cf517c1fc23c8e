import type { GitInfo } from './facts.ts';
import type { Attributes } from './span.ts';

/**
 * Deployments as first-class records. A span is a deployment when its type is
 * one of the deployment types (setting `deployment.types`, default `deploy`);
 * it then records what `vstrace dora` and the audit trail read back, under the
 * OpenTelemetry names where they exist (deployment.*, vcs.*), so a backend that
 * receives the exported span can compute the same figures.
 */
export const DEFAULT_DEPLOYMENT_TYPES: readonly string[] = ['deploy'];

/** The stable semantic-convention resource attribute (deployment.environment was its experimental name). */
export const ENVIRONMENT_ATTR = 'deployment.environment.name';
/** Semantic convention: `succeeded` or `failed`. */
export const STATUS_ATTR = 'deployment.status';
/** Why the work was done, as the user said it (`--reason`); never guessed. */
export const REASON_ATTR = 'vstrace.reason';
/** The work tree the deployment ran in: `vstrace dora` reads its commits from there at query time. */
export const WORK_TREE_ATTR = 'vstrace.vcs.work_tree';
export const REPOSITORY_URL_ATTR = 'vcs.repository.url.full';
export const REVISION_ATTR = 'vcs.ref.head.revision';

export const isDeploymentType = (type: string | undefined, types: readonly string[]): boolean => type !== undefined && types.includes(type);

/**
 * The environment of a span: `--env` wins, then the span's own `environment`
 * or `env` tag (defaults tags included), then the setting; none is none —
 * never a guess such as "production".
 */
export function environmentOf(flag: string | undefined, tags: Readonly<Record<string, string>>, setting: string | undefined): string | undefined {
  for (const value of [flag, tags.environment, tags.env, setting]) if (value !== undefined && value.trim() !== '') return value.trim();
  return undefined;
}

export interface DeploymentFacts {
  /** The span's type is a deployment type. */
  deployment: boolean;
  reason?: string;
  git?: GitInfo;
}

/** The attributes a span gets for being (or describing) a deployment; `failed` is known once it ended, undefined while open. */
export function deploymentAttributes(d: DeploymentFacts, failed: boolean | undefined): Attributes {
  const attributes: Attributes = {};
  if (d.reason !== undefined && d.reason.trim() !== '') attributes[REASON_ATTR] = d.reason;
  if (!d.deployment) return attributes;
  if (failed !== undefined) attributes[STATUS_ATTR] = failed ? 'failed' : 'succeeded';
  if (d.git?.revision) attributes[REVISION_ATTR] = d.git.revision;
  if (d.git?.repositoryUrl) attributes[REPOSITORY_URL_ATTR] = d.git.repositoryUrl;
  if (d.git?.workTree) attributes[WORK_TREE_ATTR] = d.git.workTree;
  return attributes;
}

/**
 * A remote URL without credentials: `https://user:token@host/x` keeps
 * `https://host/x`. An scp-like `git@host:org/repo` has a user, never a secret,
 * and stays as it is.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
