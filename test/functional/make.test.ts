import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/trace/span.ts';
import { BIN_DIR, storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { waitFor } from '../support/wait.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/make', import.meta.url));
const store = useTempStore();

/** The store's env with vstrace-sh on PATH and nothing inherited from an outer make or npm. */
function makeEnv(): Record<string, string> {
  const env = Object.fromEntries(Object.entries(store.env).filter(([k]) => !/^(npm_|MAKE|MFLAGS)/.test(k)));
  return { ...env, PATH: `${BIN_DIR}:${env.PATH}` };
}

function make(args: string[], cwd: string, traced = true) {
  const [file, argv] = traced ? [VSTRACE, ['run', '--', 'make', ...args]] : ['make', args];
  const r = spawnSync(file, argv, { env: makeEnv(), cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(makefile: string): string {
  writeFileSync(join(store.dir, 'Makefile'), makefile);
  return store.dir;
}

const named = (spans: SpanRecord[], name: string) => spans.filter((s) => s.name === name);
const one = (spans: SpanRecord[], name: string) => {
  const found = named(spans, name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};

describe('make: SHELL = vstrace-sh --target=$@ (examples/make)', () => {
  it('make -j8: every recipe line a span under the make span, the sub-make under its line', () => {
    const dir = join(store.dir, 'project');
    cpSync(EXAMPLE, dir, { recursive: true });
    const r = make(['-j8'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/jobserver unavailable/);
    expect(r.stdout).toContain('packaged out/app.tar');
    expect(readFileSync(join(dir, 'out/app'), 'utf8')).toBe('ALPHA\nBETA\nGAMMA\nLIB\n');

    const spans = storedSpans(store.home);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const root = one(spans, 'make');
    expect(root.parentSpanId).toBeUndefined();
    const topLevel = ['out: mkdir', 'lib: make', 'out/alpha.o: tr a-z', 'out/beta.o: tr a-z', 'out/gamma.o: tr a-z', 'build: cat', 'test: grep', 'test: test', 'package: tar', 'package: echo'];
    // parallel siblings share the make span as parent: none is chained under another
    for (const name of topLevel) expect(one(spans, name).parentSpanId, name).toBe(root.spanId);
    const lib = one(spans, 'lib: make');
    expect(
      named(spans, 'out/lib.o: mkdir')
        .concat(named(spans, 'out/lib.o: echo LIB'))
        .map((s) => s.parentSpanId),
    ).toEqual([lib.spanId, lib.spanId]);
    expect(spans).toHaveLength(topLevel.length + 3);
    expect(one(spans, 'build: cat').attributes).toMatchObject({
      'vstrace.make.target': 'build',
      'process.command_args': ['/bin/sh', '-c', 'cat out/alpha.o out/beta.o out/gamma.o lib/out/lib.o > out/app'],
    });
    for (const s of spans) expect(s.endUs!).toBeLessThanOrEqual(root.endUs!);
  });

  it('the same output and status as with /bin/sh, line for line', () => {
    const dir = join(store.dir, 'project');
    cpSync(EXAMPLE, dir, { recursive: true });
    const plain = make(['-j1', 'SHELL=/bin/sh'], dir, false);
    make(['clean', 'SHELL=/bin/sh'], dir, false);
    const traced = make(['-j1'], dir);
    expect(traced.status).toBe(plain.status);
    expect(traced.stdout).toBe(plain.stdout);
  });
});

describe('make: exit status and -k unchanged', () => {
  const MAKEFILE = `SHELL = vstrace-sh --target=$@
all: ok1 bad ok2
ok1:
\t@echo ok1
bad:
\t@echo failing; exit 3
ok2:
\t@echo ok2
`;

  it('a failing recipe under -k: an error span, the others still run, make exits 2', () => {
    const dir = project(MAKEFILE);
    const plain = make(['-k', 'SHELL=/bin/sh'], dir, false);
    const traced = make(['-k'], dir);
    expect(plain.status).toBe(2);
    expect(traced.status).toBe(2);
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toContain('make: *** [Makefile:6: bad] Error 3');
    const spans = storedSpans(store.home);
    const root = one(spans, 'make');
    expect(root.status).toEqual({ code: 'error', message: 'exit code 2' });
    const bad = one(spans, 'bad: echo');
    expect(bad).toMatchObject({ parentSpanId: root.spanId, status: { code: 'error', message: 'exit code 3' } });
    expect(bad.attributes).toMatchObject({ error: true, 'process.exit.code': 3 });
    expect(one(spans, 'ok2: echo ok2').status.code).toBe('unset');
  });

  it('without -k make stops at the failure, as it would with /bin/sh', () => {
    const dir = project(MAKEFILE);
    const plain = make(['SHELL=/bin/sh'], dir, false);
    const traced = make([], dir);
    expect([traced.status, traced.stdout]).toEqual([plain.status, plain.stdout]);
    expect(named(storedSpans(store.home), 'ok2: echo ok2')).toHaveLength(0);
  });

  it('lines that trip a naive wrapper: quoting, $$?, continuations, make functions', () => {
    const dir = project(`SHELL = vstrace-sh --target=$@
all:
\t@printf '[%s]\\n' "it's" 'say "hi"' a\\ b "$$(echo sub)"
\t@false; echo "status=$$?"
\t@echo one \\
\t  two; \\
\techo three
\t@echo "$(shell echo from-make-shell) $(words a b c)"
\t-@exit 4
\t@x=1; test $$x = 1 && echo "x is $$x"
`);
    const plain = make(['SHELL=/bin/sh'], dir, false);
    const traced = make([], dir);
    expect(traced).toEqual(plain);
    expect(plain.stdout).toContain('[it\'s]\n[say "hi"]\n[a b]\n[sub]\nstatus=1\none two\nthree\nfrom-make-shell 3\n');
    expect(storedSpans(store.home).map((s) => s.name)).toContain('all: exit');
  });
});

describe('make: the jobserver', () => {
  it('reaches a recursive line (+) and nothing else, exactly as with /bin/sh', () => {
    const openFds = 'for fd in 3 4 5 6 7 8 9; do [ -e /proc/$$$$/fd/$$fd ] && echo "$@ has fd $$fd"; done; true';
    const dir = project(`SHELL = vstrace-sh --target=$@
all: recursive plain
recursive:
\t+@${openFds}
plain:
\t@${openFds}
`);
    const plain = make(['-j2', '-O', 'SHELL=/bin/sh'], dir, false);
    const traced = make(['-j2', '-O'], dir);
    expect(plain.stdout).toMatch(/recursive has fd 3\n/);
    expect(plain.stdout).not.toMatch(/plain has/);
    expect(traced.stdout.split('\n').sort()).toEqual(plain.stdout.split('\n').sort());
  });
});

describe('make: .ONESHELL and the per-target form', () => {
  it('.ONESHELL: the recipe is one span and prefixes inside it are dropped, as make does for sh', () => {
    const recipe = `.ONESHELL:
all: first second
first:
\t@x=1
\t-echo "x=$$x"
\t+echo two \\
\t  -three
second:
\t@set -e
\techo before
\tfalse
\techo not reached
`;
    const dir = project(`SHELL := vstrace-sh\n.SHELLFLAGS = --target=$@ -c\n${recipe}`);
    writeFileSync(join(dir, 'plain.mk'), `SHELL := /bin/sh\n.SHELLFLAGS = -c\n${recipe}`);
    const plain = make(['-k', '-f', 'plain.mk'], dir, false);
    const traced = make(['-k'], dir);
    expect(traced.status).toBe(2);
    expect([traced.status, traced.stdout]).toEqual([plain.status, plain.stdout]);
    expect(plain.stdout).toBe('x=1\ntwo -three\nbefore\n');
    const spans = storedSpans(store.home);
    const root = one(spans, 'make');
    expect(
      spans
        .filter((s) => s !== root)
        .map((s) => [s.name, s.parentSpanId, s.status.code])
        .sort(),
    ).toEqual([
      ['first: echo', root.spanId, 'unset'],
      ['second: set', root.spanId, 'error'],
    ]);
  });

  it('SHELL := vstrace-sh alone: spans named after the command, .ONESHELL prefixes still dropped (make is the parent)', () => {
    const dir = project(`SHELL := vstrace-sh
.ONESHELL:
all:
\t@echo one
\t@-echo two
`);
    const r = make([], dir);
    expect([r.status, r.stdout]).toEqual([0, 'one\ntwo\n']);
    const spans = storedSpans(store.home);
    expect(spans.map((s) => s.name)).toEqual(['make', 'echo one']);
    expect(spans[1]!.attributes['vstrace.make.target']).toBeUndefined();
  });

  it('a target-specific SHELL traces that target only', () => {
    const dir = project(`all: build deploy
build:
\t@echo building
deploy: SHELL = vstrace-sh --target=$@
deploy:
\t@echo deploying
`);
    const r = make([], dir);
    expect(r.stdout).toBe('building\ndeploying\n');
    expect(storedSpans(store.home).map((s) => s.name)).toEqual(['make', 'deploy: echo deploying']);
  });
});

describe('SHELL := vstrace-sh with no vstrace run around make: one make, one trace', () => {
  const MAKEFILE = `SHELL := vstrace-sh
all: a b c d
a b c:
\t@echo $@; sleep 0.1
d:
\t@echo d
\t@false
`;
  const makeSpanOf = (spans: SpanRecord[]) => spans.filter((s) => s.attributes['process.executable.name'] === 'make' && s.attributes['vstrace.make.recipe_lines'] !== undefined);

  /** The make span is recorded by a watcher once make is gone: wait for it, then for nothing more. */
  async function afterMake(traces: number): Promise<SpanRecord[]> {
    await waitFor(() => makeSpanOf(storedSpans(store.home)).length === traces, `${traces} make spans`, 60_000);
    await waitFor(() => !existsSync(join(store.home, 'make')) || readdirSync(join(store.home, 'make')).length === 0, 'the ledgers removed', 60_000);
    return storedSpans(store.home);
  }

  it('make -k -j4: every line under one make span, which fails saying how many lines did', async () => {
    const dir = project(MAKEFILE);
    const r = make(['-k', '-j4'], dir, false);
    expect(r.status).toBe(2);
    expect(r.stdout.split('\n').sort()).toEqual(['', 'a', 'b', 'c', 'd']);
    const spans = await afterMake(1);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const [makeSpan] = makeSpanOf(spans);
    const lines = spans.filter((s) => s !== makeSpan);
    expect(lines.map((s) => s.name).sort()).toEqual(['echo', 'echo', 'echo', 'echo d', 'false']);
    for (const line of lines) expect(line.parentSpanId, line.name).toBe(makeSpan!.spanId);
    expect(makeSpan!.parentSpanId).toBeUndefined();
    expect(makeSpan!.name).toBe('make');
    expect(makeSpan!.attributes['process.command_args']).toEqual(['make', '-k', '-j4']);
    expect(makeSpan!.status).toEqual({ code: 'error', message: '1 of 5 recipe lines failed' });
    expect(makeSpan!.attributes).toMatchObject({ error: true, 'vstrace.make.recipe_lines': 5, 'vstrace.make.failed_lines': 1 });
    // From make's own start (the kernel's, to 10 ms) to its last line's end.
    expect(makeSpan!.startUs).toBeLessThanOrEqual(Math.min(...lines.map((s) => s.startUs)) + 10_000);
    expect(makeSpan!.endUs).toBe(Math.max(...lines.map((s) => s.endUs!)));
    const ls = spawnSync(VSTRACE, ['ls', '--json'], { env: store.env, encoding: 'utf8' });
    expect(JSON.parse(ls.stdout)).toMatchObject([{ name: 'make', spans: 6, status: 'error' }]);
  });

  it('two makes are two traces; a make that succeeds leaves its span unset', async () => {
    const dir = project(MAKEFILE);
    expect(make(['a'], dir, false).status).toBe(0);
    await afterMake(1);
    expect(make(['b', 'c'], dir, false).status).toBe(0);
    const spans = await afterMake(2);
    const makes = makeSpanOf(spans);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(2);
    expect(makes.map((s) => [s.attributes['vstrace.make.recipe_lines'], s.status.code])).toEqual([
      [1, 'unset'],
      [2, 'unset'],
    ]);
  });

  it('under vstrace run -- make the lines hang under the run, and no make span is added', async () => {
    const dir = project(MAKEFILE);
    expect(make(['a', 'b'], dir).status).toBe(0);
    const spans = storedSpans(store.home);
    const run = spans.find((s) => s.parentSpanId === undefined)!;
    expect(run.attributes['process.command_args']).toEqual(['make', 'a', 'b']);
    expect(run.attributes['vstrace.make.recipe_lines']).toBeUndefined();
    expect(spans.filter((s) => s !== run).map((s) => s.parentSpanId)).toEqual([run.spanId, run.spanId]);
    expect(existsSync(join(store.home, 'make'))).toBe(false);
  });

  it('inside a CI job, the make span hangs under the job and the lines under make', async () => {
    const dir = project(MAKEFILE);
    const env = { ...makeEnv(), GITLAB_CI: 'true', CI_PIPELINE_ID: '77', CI_JOB_ID: '501', CI_JOB_NAME: 'build', CI_PROJECT_PATH: 'g/p', CI_SERVER_URL: 'https://gitlab.example' };
    const r = spawnSync('make', ['a'], { env, cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const spans = await afterMake(1);
    const [makeSpan] = makeSpanOf(spans);
    const line = spans.find((s) => s !== makeSpan)!;
    expect(line.parentSpanId).toBe(makeSpan!.spanId);
    expect(makeSpan!.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(makeSpan!.resource['cicd.pipeline.run.id']).toBe('77');
  });
});
