import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE_SH } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const store = useTempStore();

interface Case {
  args: string[];
  input?: string;
}

/** Lines where a wrapper could go wrong: quoting, $0 and $@, $?, set -e, stdin, options, traps, signals. */
const CASES: Record<string, Case> = {
  positional: { args: ['-c', 'echo "$0|$1|$#|$*"', 'zero', 'a  b', 'c'] },
  'no $0 given': { args: ['-c', 'echo "${1:-none}" "$#"'] },
  'exit status in $?': { args: ['-c', 'false; echo "status=$?"; (exit 7); echo "status=$?"'] },
  'set -e': { args: ['-c', 'set -e; echo before; false; echo not reached'] },
  '-ec as .SHELLFLAGS': { args: ['-ec', 'echo before; false; echo not reached'] },
  '-e then -c': { args: ['-e', '-c', 'false || echo rescued; false; echo not reached'] },
  '+e': { args: ['+e', '-c', 'false; echo goes on'] },
  '-x': { args: ['-x', '-c', 'echo traced "a b"'] },
  'exit code': { args: ['-c', 'exit 42'] },
  'exit code 255': { args: ['-c', 'exit 255'] },
  quoting: { args: ['-c', `printf '[%s]\\n' "it's" 'say "hi"' \\$HOME 'a  b' a\\ b "$(echo sub)" \`echo tick\``] },
  expansions: { args: ['-c', 'x=3; echo $(( x * 14 )) ${x:+set} ${nope:-dflt} "${#x}" *.no-such-glob'] },
  'stdin to the line': { args: ['-c', 'read a b; echo "$b,$a"; cat'], input: 'first second\nrest of it\n' },
  'stdin as the script': { args: [], input: 'echo from stdin; exit 4\n' },
  'stdout and stderr': { args: ['-c', 'echo out; echo err >&2; echo out2; exit 3'] },
  'not found': { args: ['-c', 'no-such-command-xyz --flag'] },
  'syntax error': { args: ['-c', 'if then fi'] },
  'trap on exit': { args: ['-c', 'trap "echo trapped \\$?" EXIT; exit 5'] },
  'fd 3 of its own': { args: ['-c', 'exec 3>&1; echo via-fd3 >&3'] },
  'killed by a signal': { args: ['-c', 'echo dying; kill -TERM $$'] },
  'multi-line with continuation': { args: ['-c', 'echo one \\\n  two\necho three'] },
};

const run = (file: string, c: Case, cwd: string) => {
  const r = spawnSync(file, c.args, { env: store.env, cwd, input: c.input ?? '', encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
};

describe('vstrace-sh is a drop-in /bin/sh', () => {
  it.each(Object.entries(CASES))('%s: same output, status and signal as /bin/sh, and one span', (_, c) => {
    const expected = run('/bin/sh', c, store.dir);
    const got = run(VSTRACE_SH, c, store.dir);
    expect(got).toEqual(expected);
    const spans = storedSpans(store.home);
    expect(spans).toHaveLength(1);
    const lineIndex = c.args.findIndex((a) => a.startsWith('-') && a.includes('c')) + 1;
    // What ran: /bin/sh with the very arguments vstrace-sh was given.
    if (lineIndex > 0) expect(spans[0]!.attributes).toMatchObject({ 'process.executable.name': 'sh', 'process.command_args': ['/bin/sh', ...c.args] });
    expect(spans[0]!.status.code).toBe(expected.status === 0 ? 'unset' : 'error');
  });

  it('runs a script file with its arguments', () => {
    const script = join(store.dir, 'script.sh');
    writeFileSync(script, 'echo "$0 got $# args: $*"; exit 6\n');
    const c = { args: [script, 'x', 'y z'] };
    expect(run(VSTRACE_SH, c, store.dir)).toEqual(run('/bin/sh', c, store.dir));
    expect(storedSpans(store.home)[0]!.name).toBe('sh');
  });

  it('names the span after the line, takes its own options, and hands TRACEPARENT to the line', () => {
    const r = spawnSync(VSTRACE_SH, ['--type=deploy', '--tag=env=prod', '-c', 'CI=1 docker push registry/app --password hunter2 >/dev/null 2>&1; echo "$TRACEPARENT"'], {
      env: store.env,
      encoding: 'utf8',
    });
    const [span] = storedSpans(store.home);
    expect(span!.name).toBe('deploy: docker push');
    expect(span!.attributes).toMatchObject({ 'vstrace.type': 'deploy', env: 'prod' });
    expect(span!.attributes['process.command_args']).toEqual(['/bin/sh', '-c', 'CI=1 docker push registry/app --password [REDACTED] >/dev/null 2>&1; echo "$TRACEPARENT"']);
    expect(r.stdout).toBe(`00-${span!.traceId}-${span!.spanId}-01\n`);
  });

  it('says what is wrong with its own options and exits 2, as sh does for a bad option', () => {
    const r = spawnSync(VSTRACE_SH, ['--target'], { env: store.env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('vstrace-sh: --target needs a value: write it as --target=value\n');
    expect(storedSpans(store.home)).toHaveLength(0);
  });
});
