import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { bashSync, VSTRACE, type CliResult } from './cli.ts';

/**
 * Runs the shell parts of the example CI pipelines the way the providers do,
 * on this machine: each GitHub step in a fresh `bash -eo pipefail`, GitLab's
 * before_script+script in one shell and after_script in another, with the
 * provider's environment simulated. `uses:` steps are skipped; `npm` is a
 * no-op stub (vstrace is already on PATH) and docker/gcloud are the example
 * stubs. Everything else in the YAML runs exactly as written.
 */
export const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

export interface StepRun {
  job: string;
  name: string;
  result: CliResult;
}

/** A PATH directory holding vstrace and a no-op npm, then the docker/gcloud stubs. */
export function toolPath(dir: string, basePath: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(VSTRACE, join(bin, 'vstrace'));
  writeFileSync(join(bin, 'npm'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'npm'), 0o755);
  return `${bin}:${join(EXAMPLES, 'deploy', 'stubs')}:${dirname(VSTRACE)}:${basePath}`;
}

const load = (file: string) => yaml.load(readFileSync(join(EXAMPLES, file), 'utf8')) as Record<string, any>;

export const COMPONENT = fileURLToPath(new URL('../../templates/vstrace.yml', import.meta.url));

/**
 * The vstrace component as GitLab includes it: the spec's input defaults
 * (or the include's `inputs:`) put in for `$[[ inputs.name ]]`, then its
 * jobs and hidden templates added to the pipeline.
 */
function withComponent(pipeline: Record<string, any>): Record<string, any> {
  const includes: any[] = [pipeline.include ?? []].flat();
  const include = includes.find((i) => typeof i?.component === 'string' && /\/vstrace@[^/]+$/.test(i.component));
  if (!include) return pipeline;
  const [specText, body] = readFileSync(COMPONENT, 'utf8').split(/^---$/m);
  const spec = (yaml.load(specText!) as { spec: { inputs: Record<string, { default?: unknown }> } }).spec.inputs;
  const inputs = Object.fromEntries(Object.entries(spec).map(([name, def]) => [name, String(include.inputs?.[name] ?? def.default ?? '')]));
  const text = body!.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, name: string) => {
    if (!(name in inputs)) throw new Error(`the component uses an input it does not declare: ${name}`);
    return inputs[name]!;
  });
  return { ...(yaml.load(text) as Record<string, any>), ...pipeline };
}

/** A job with its `extends:` chain merged in, as GitLab does: hashes deep, everything else replaced. */
function extended(pipeline: Record<string, any>, spec: Record<string, any>, depth = 0): Record<string, any> {
  if (depth > 10) throw new Error('extends nested too deep');
  const parents = [spec.extends ?? []].flat().map((name: string) => extended(pipeline, pipeline[name] ?? {}, depth + 1));
  return [...parents, spec].reduce((a, b) => deepMerge(a, b), {});
}

const isHash = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const deepMerge = (a: Record<string, any>, b: Record<string, any>): Record<string, any> =>
  Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, isHash(a[k]) && isHash(b[k]) ? deepMerge(a[k], b[k]) : k in b ? b[k] : a[k]]));

/** What a GitHub expression can name in the examples: job.status, job.check_run_id, needs.*.result. */
type ExpressionValues = Record<string, string | string[]>;

/**
 * A GitHub expression as the runner evaluates it, for the forms the examples
 * use: names, 'literals' and contains(list, 'item'), joined by && and || (&&
 * binding tighter; each returns the operand that decided, as in GitHub).
 */
function evaluate(expression: string, values: ExpressionValues): string {
  const lookup = (name: string) => {
    if (!(name in values)) throw new Error(`the test harness does not know \${{ ${name} }}`);
    return values[name]!;
  };
  const operand = (text: string): string | string[] | boolean => {
    const literal = /^'([^']*)'$/.exec(text.trim());
    const contains = /^contains\(\s*([\w.*]+)\s*,\s*'([^']*)'\s*\)$/.exec(text.trim());
    return literal ? literal[1]! : contains ? [lookup(contains[1]!)].flat().includes(contains[2]!) : lookup(text.trim());
  };
  let value: string | string[] | boolean = '';
  for (const alternative of expression.split('||')) {
    const parts = alternative.split('&&').map(operand);
    value = parts.find((v) => !v) ?? parts.at(-1)!;
    if (value) break;
  }
  return String(value);
}

/** Text with its ${{ … }} expressions expanded, as the runner does before a step runs. */
const expand = (text: string, values: ExpressionValues): string => text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => evaluate(expression, values));

/**
 * Runs a GitHub workflow of examples/ (the step-by-step recipe by default): jobs in order; a job whose needs
 * did not all succeed is skipped unless its `if:` says always(), as is a step
 * after a failed one; $GITHUB_ENV is carried between steps.
 */
export function runGithubWorkflow(jobEnv: (job: string) => Record<string, string>, dir: string, file = 'ci-recipe/github-actions.yml'): StepRun[] {
  const workflow = load(file);
  const runs: StepRun[] = [];
  const results: Record<string, string> = {};
  for (const [job, spec] of Object.entries<any>(workflow.jobs)) {
    const needs: string[] = [spec.needs ?? []].flat();
    if (!/always\(\)/.test(spec.if ?? '') && needs.some((n) => results[n] !== 'success')) {
      results[job] = 'skipped';
      continue;
    }
    const githubEnv = join(dir, `github-env-${job}`);
    writeFileSync(githubEnv, '');
    let env: Record<string, string> = { ...jobEnv(job), ...workflow.env, GITHUB_ENV: githubEnv };
    let status = 'success';
    for (const [i, step] of (spec.steps as any[]).entries()) {
      if (!step.run || (status !== 'success' && !/always\(\)/.test(step.if ?? ''))) continue;
      const values = { 'job.status': status, 'job.check_run_id': String(7000 + Object.keys(workflow.jobs).indexOf(job)), 'needs.*.result': needs.map((n) => results[n]!) };
      const stepEnv = Object.fromEntries(Object.entries<string>(step.env ?? {}).map(([k, v]) => [k, expand(String(v), values)]));
      const result = bashSync(`set -eo pipefail\n${expand(step.run, values)}`, { ...env, ...stepEnv }, dir);
      runs.push({ job, name: step.name ?? `step ${i}`, result });
      if (result.status !== 0) status = 'failure';
      for (const line of readFileSync(githubEnv, 'utf8').split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) env = { ...env, [line.slice(0, eq)]: line.slice(eq + 1) };
      }
    }
    results[job] = status;
  }
  return runs;
}

/**
 * Runs a GitLab pipeline of examples/ (the recipe by default; the component example with
 * templates/vstrace.yml included and `extends:` merged): jobs by stage (.pre first, .post
 * last); a job runs by its `when:` (on_success by default, on_failure, always)
 * and whether a job of an earlier stage failed; before_script and script in
 * one shell, a non-empty after_script in another with CI_JOB_STATUS.
 */
export function runGitlabPipeline(jobEnv: (job: string) => Record<string, string>, dir: string, file = 'ci-recipe/gitlab-ci.yml'): StepRun[] {
  const pipeline = withComponent(load(file));
  const stages: string[] = ['.pre', ...pipeline.stages, '.post'];
  const jobs = Object.entries<any>(pipeline)
    .filter(([name, spec]) => !name.startsWith('.') && isHash(spec))
    .map(([name, spec]) => [name, extended(pipeline, spec)] as [string, any])
    .filter(([, spec]) => 'script' in spec);
  jobs.sort(([, a], [, b]) => stages.indexOf(a.stage) - stages.indexOf(b.stage));
  const runs: StepRun[] = [];
  const failedStages = new Set<number>();
  for (const [job, spec] of jobs) {
    const stage = stages.indexOf(spec.stage);
    const earlierFailed = [...failedStages].some((s) => s < stage);
    const when = spec.when ?? 'on_success';
    if (!(when === 'always' || (when === 'on_failure') === earlierFailed)) continue;
    const env = { ...jobEnv(job), ...pipeline.variables, ...spec.variables };
    const before: string[] = spec.before_script ?? pipeline.default?.before_script ?? [];
    const after: string[] = spec.after_script ?? pipeline.default?.after_script ?? [];
    const main = bashSync(['set -eo pipefail', ...before, ...spec.script].join('\n'), env, dir);
    runs.push({ job, name: 'script', result: main });
    const status = main.status === 0 ? 'success' : 'failed';
    if (after.length > 0) runs.push({ job, name: 'after_script', result: bashSync(after.join('\n'), { ...env, CI_JOB_STATUS: status }, dir) });
    if (status !== 'success') failedStages.add(stage);
  }
  return runs;
}
