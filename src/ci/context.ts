import type { Env } from '../trace/carrier.ts';
import type { SpanContext } from '../trace/span-context.ts';
import { spanIdFrom, traceIdFrom } from '../trace/hash.ts';
import { envValue, type CiAttribute, type CiProvider } from './provider.ts';
import { azure } from './providers/azure.ts';
import { bitbucket } from './providers/bitbucket.ts';
import { buildkite } from './providers/buildkite.ts';
import { circleci } from './providers/circleci.ts';
import { github } from './providers/github.ts';
import { gitlab } from './providers/gitlab.ts';
import { jenkins } from './providers/jenkins.ts';

/** Checked in order; the first whose marker variable is set wins. */
export const PROVIDERS: readonly CiProvider[] = [github, gitlab, buildkite, circleci, azure, bitbucket, jenkins];

export const detectProvider = (env: Env): CiProvider | undefined => PROVIDERS.find((p) => p.detect(env));

/** The deterministic ids of one CI run and job: every step of the job computes the same ones. */
export interface CiIds {
  traceId: string;
  runSpanId: string;
  jobSpanId: string;
}

export interface CiContext {
  provider: CiProvider;
  /** Strings only, so they can pass through the Redactor (a repository URL may carry credentials). */
  attributes: Record<string, string>;
}

/**
 * Ids for providers without a convention of their own: hashes of the run's
 * and the job's identity, namespaced by provider, with the same suffixes the
 * githubreceiver uses (t for the trace, s for the run span, j for the job).
 */
function genericIds(provider: CiProvider, env: Env): CiIds | undefined {
  const run = envValue(env, provider.runKey);
  const job = envValue(env, provider.jobKey);
  if (!run || !job) return undefined;
  const base = `vstrace/${provider.id}/${run}`;
  return { traceId: traceIdFrom(`${base}/t`), runSpanId: spanIdFrom(`${base}/s`), jobSpanId: spanIdFrom(`${base}/${job}/j`) };
}

/** The CI run this process is part of, if any, and its semantic-convention attributes. */
export function ciContext(env: Env): CiContext | undefined {
  const provider = detectProvider(env);
  if (!provider) return undefined;
  const attributes: Record<string, string> = { 'vstrace.ci.provider': provider.id };
  for (const [key, value] of Object.entries(provider.attributes) as Array<[CiAttribute, CiProvider['attributes'][CiAttribute]]>) {
    const v = envValue(env, value);
    if (v !== undefined) attributes[key] = v;
  }
  return { provider, attributes };
}

/**
 * The run's and job's ids; undefined when the provider's run or job identity
 * is missing from the environment. Separate from ciContext because hashing
 * loads node:crypto, which a step with an explicit parent never needs.
 */
export const ciIds = (ctx: CiContext, env: Env): CiIds | undefined => (ctx.provider.ids ? ctx.provider.ids(env) : genericIds(ctx.provider, env));

/** The parent a step gets with no explicit one: its job's span. */
export const jobParent = (ids: CiIds): SpanContext => ({ traceId: ids.traceId, spanId: ids.jobSpanId, flags: '01' });
