import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/trace/span.ts';
import { storedSpans, VSTRACE, VSTRACE_SH } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const store = useTempStore();

const SCRIPTS = {
  ci: 'npm run lint && npm run test',
  lint: 'echo linting',
  pretest: 'echo preparing',
  test: 'echo "testing $npm_lifecycle_event"',
  fail: 'echo failing; exit 3',
};

/** A project with vstrace installed as a dev dependency would have it: node_modules/.bin/vstrace-sh. */
function project(npmrc: string): string {
  const dir = join(store.dir, 'project');
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(VSTRACE_SH, join(dir, 'node_modules/.bin/vstrace-sh'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'npm-example', version: '1.0.0', private: true, scripts: SCRIPTS }));
  writeFileSync(join(dir, '.npmrc'), npmrc);
  return dir;
}

/** npm with a config of its own: nothing from the user's ~/.npmrc or an outer `npm test`. */
function npm(args: string[], cwd: string, traced = true) {
  const base = Object.fromEntries(Object.entries(store.env).filter(([k]) => !/^npm_/i.test(k)));
  writeFileSync(join(store.dir, 'userconfig'), '');
  const env = { ...base, npm_config_userconfig: join(store.dir, 'userconfig'), npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
  const [file, argv] = traced ? [VSTRACE, ['run', '--', 'npm', ...args]] : ['npm', args];
  const r = spawnSync(file, argv, { env, cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tree = (spans: SpanRecord[], parent?: string, depth = 0): string[] =>
  spans.filter((s) => s.parentSpanId === parent).flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...tree(spans, s.spanId, depth + 1)]);

describe('npm: script-shell=vstrace-sh', () => {
  it('.npmrc: each script a span named after it, nested when scripts call scripts', () => {
    const dir = project('script-shell=vstrace-sh\n');
    const r = npm(['run', 'ci'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/linting\n[\s\S]*preparing\n[\s\S]*testing test\n/);
    const spans = storedSpans(store.home);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(tree(spans)).toEqual(['npm run', '  ci: npm run', '    lint: echo linting', '    pretest: echo preparing', '    test: echo']);
    const test = spans.find((s) => s.name === 'test: echo')!;
    expect(test.attributes).toMatchObject({
      'vstrace.npm.script': 'test',
      'vstrace.npm.package': 'npm-example',
      'process.command_args': ['/bin/sh', '-c', SCRIPTS.test],
    });
  });

  it("arguments after -- reach the script, and a failing script keeps npm's exit status", () => {
    const dir = project('script-shell=vstrace-sh\n');
    const passed = npm(['run', 'lint', '--', '--fix', 'a b'], dir);
    expect(passed.stdout).toContain('linting --fix a b\n');
    const plain = npm(['run', 'fail', '--script-shell=sh'], dir, false);
    const traced = npm(['run', 'fail'], dir);
    expect(plain.status).not.toBe(0);
    expect(traced.status).toBe(plain.status);
    const spans = storedSpans(store.home);
    expect(spans.find((s) => s.name === 'lint: echo linting')!.attributes['process.command_args']).toEqual(['/bin/sh', '-c', "echo linting --fix 'a b'"]);
    const fail = spans.find((s) => s.name === 'fail: echo')!;
    expect(fail.status).toEqual({ code: 'error', message: 'exit code 3' });
  });

  it('one run only: npm --script-shell=vstrace-sh run, passed on to the scripts it calls', () => {
    const dir = project('');
    const r = npm(['--script-shell=vstrace-sh', 'run', 'ci'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(tree(storedSpans(store.home))).toEqual(['npm', '  ci: npm run', '    lint: echo linting', '    pretest: echo preparing', '    test: echo']);
  });
});
