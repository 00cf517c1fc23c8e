import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupTraces, treeRows } from '../../src/trace/traces.ts';
import { bashSync, storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Each test spawns a dozen processes or more; on a loaded two-core machine that can take a while. */
const SLOW = { timeout: 90_000 };
const store = useTempStore();

/** The fenced code blocks of docs/causality.md (spans across processes), in order. */
function blocks(): Array<{ lang: string; code: string }> {
  const page = readFileSync(join(ROOT, 'docs/causality.md'), 'utf8');
  return [...page.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

function rows(): string[] {
  const traces = groupTraces(storedSpans(store.home));
  expect(traces).toHaveLength(1);
  return treeRows(traces[0]!).map(({ span, depth }) => `${'  '.repeat(depth)}${span.name}${span.endUs === undefined ? ' (open)' : ''}`);
}

const run = (code: string, cwd: string) => bashSync(code, { ...store.env, PATH: `${dirname(VSTRACE)}:${join(ROOT, 'examples/deploy/stubs')}:${store.env.PATH}` }, cwd);

describe('docs/causality.md "Tracing a deploy script": the snippets run as written', () => {
  it('the vstrace run prefix form', SLOW, () => {
    const [first] = blocks();
    expect(first!.code).toContain('vstrace run --type=pipeline');
    expect(run(first!.code, ROOT)).toMatchObject({ status: 0, stderr: '' });
    expect(rows()).toEqual(['pipeline: deploy-api.sh', '  build: docker build', '  push: docker tag', '  deploy: gcloud app']);
  });

  it('the start/end form: a stack of spans, siblings not chained, the exit status recorded', SLOW, () => {
    const second = blocks()[1]!;
    expect(second.code).toContain('eval "$(vstrace start --type=pipeline');
    expect(run(second.code, store.dir)).toMatchObject({ status: 0, stderr: '' });
    expect(rows()).toEqual(['pipeline', '  build: docker build', '  push', '    docker tag', '    docker push', '  deploy: gcloud app']);
    const pipeline = storedSpans(store.home).find((s) => s.name === 'pipeline' && s.endUs !== undefined);
    expect(pipeline!.attributes).toMatchObject({ 'process.exit.code': 0, service: 'api' });
  });

  it('the vscli script and the CI pipelines are the example files, verbatim (their own tests run them)', SLOW, () => {
    const code = blocks().map((b) => b.code);
    for (const file of [
      'examples/deploy/deploy-api-vscli.sh',
      'examples/github-actions/workflow.yml',
      'examples/gitlab-ci/.gitlab-ci.yml',
      'examples/ci-recipe/github-actions.yml',
      'examples/ci-recipe/gitlab-ci.yml',
    ]) {
      expect(code, file).toContain(readFileSync(join(ROOT, file), 'utf8'));
    }
  });
});
