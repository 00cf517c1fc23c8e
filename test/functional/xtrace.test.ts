import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, storedSpans, VSTRACE, VSTRACE_SH, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import type { SpanRecord } from '../../src/trace/span.ts';

const store = useTempStore();
const DIR = join(FIXTURES, 'xtrace');

/** The script run bare, then under `vstrace run -x`, from the fixtures' folder: status and bytes of both. */
function bareAndTraced(command: string[], env: Record<string, string> = {}, input?: string) {
  const run = (argv: string[]) => {
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: DIR, env: { ...store.env, ...env }, input, timeout: 60_000 });
    return { status: r.status, signal: r.signal, stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('latin1') };
  };
  return { bare: run(command), traced: run([VSTRACE, 'run', '-x', '--', ...command]) };
}

interface ShownSpan extends SpanRecord {
  depth: number;
}

/** The newest trace as `show --json` gives it, one line a span: depth, name, file:line, exit code, status. */
function tree(): string[] {
  const r = vstraceSync(['show', '--json', 'last'], { env: store.env });
  expect(r.status).toBe(0);
  const spans = (JSON.parse(r.stdout) as { spans: ShownSpan[] }).spans;
  return spans.map((s) => {
    const a = s.attributes;
    const where = a['code.line.number'] === undefined ? '' : ` @${a['code.file.path'] ?? ''}:${a['code.line.number']}`;
    return `${'  '.repeat(s.depth)}${s.name}${where} ${a['process.exit.code'] ?? '-'}${s.status.code === 'error' ? ' ✗' : ''}`;
  });
}

/** `vstrace run -x <args>` (from the fixtures' folder unless told), its status checked, then the newest trace's tree. */
function tracedTree(args: string[], status: number, { env = store.env, cwd = DIR }: { env?: Record<string, string>; cwd?: string } = {}): string[] {
  const r = vstraceSync(['run', '-x', ...args], { env, cwd });
  expect(r.status).toBe(status);
  return tree();
}

describe('vstrace run -x: the script behaves exactly as without it', () => {
  it.each([['matrix.sh'], ['errexit.sh'], ['loop.sh'], ['nested.sh'], ['returns.sh']])('%s: same status, stdout and stderr bytes (own DEBUG/EXIT traps, set -x, $_, PIPESTATUS included)', (script) => {
    const { bare, traced } = bareAndTraced([`./${script}`], { VSTRACE });
    expect(traced).toEqual(bare);
  });

  it('a script that runs set -u, unsets TRACEPARENT and closes fd 62 (where the records go): no error, same bytes', () => {
    const { bare, traced } = bareAndTraced(['bash', '-c', 'set -u; unset TRACEPARENT; exec 62>&-; echo "a b"; echo "$_"; false; echo "after $?"']);
    expect(bare.stdout).toBe('a b\na b\nafter 1\n');
    expect(traced).toEqual(bare);
  });

  it.each([['set -e'], ['shopt -s extdebug']])('%s and fd 62 closed: a failing record neither ends the script nor skips a command', (option) => {
    const { bare, traced } = bareAndTraced(['bash', '-c', `${option}; exec 62>&-; echo a; echo "b $_"`]);
    expect(bare.stdout).toBe('a\nb a\n');
    expect(traced).toEqual(bare);
  });

  it('stdin reaches the script byte for byte, and caller reports what it reports bare', () => {
    const script = 'f() { caller; caller 0; read -r first; printf "%s|" "$first"; cat; }; g() { f; }; g';
    const { bare, traced } = bareAndTraced(['bash', '-c', script], {}, 'line one\n\x01\x02 binary-ish\nlast');
    expect(bare.stdout).toBe('1 environment\n1 g environment\nline one|\x01\x02 binary-ish\nlast');
    expect(traced).toEqual(bare);
  });

  it('run bash explicitly, and with the caller BASH_ENV (which still runs, untraced)', () => {
    const { bare, traced } = bareAndTraced(['bash', 'matrix.sh'], { BASH_ENV: join(DIR, 'lib.sh') });
    expect(bare.stdout).toMatch(/^lib loaded\n/);
    expect(traced).toEqual(bare);
  });
});

describe('vstrace run -x: every command a span', () => {
  it('functions, source, $( ), ( ), pipelines under pipefail, traps: names, lines, nesting and status', () => {
    expect(tracedTree(['--', './matrix.sh'], 4)).toEqual([
      'matrix.sh 4 ✗',
      '  set -o pipefail @./matrix.sh:3 0',
      `  trap 'echo "exit trap, status $?" >&2' EXIT @./matrix.sh:4 0`,
      `  trap 'echo "debug: $LINENO $BASH_COMMAND" >&2' DEBUG @./matrix.sh:5 0`,
      '  outer one @./matrix.sh:11 0',
      '    echo "outer $1" @./matrix.sh:8 0',
      '    inner @./matrix.sh:9 3 ✗',
      '      return 3 @./matrix.sh:6 3 ✗',
      '    echo "inner said $?" @./matrix.sh:9 0',
      '  . ./lib.sh @./matrix.sh:12 0',
      '    echo "lib loaded" @./lib.sh:3 0',
      '  greet world @./matrix.sh:13 0',
      '    echo "hello $1" @./lib.sh:2 0',
      '  when=$(echo now; true) @./matrix.sh:14 0',
      '    echo now @./matrix.sh:14 0',
      '    true @./matrix.sh:14 -',
      '  echo "when=$when" @./matrix.sh:15 0',
      '  ( … ) @./matrix.sh:16 0',
      '    cd / @./matrix.sh:16 0',
      '    pwd @./matrix.sh:16 -',
      "  printf 'b\\na\\n' | sort | head -n 1 @./matrix.sh:17 0",
      "    printf 'b\\na\\n' @./matrix.sh:17 0",
      '    sort @./matrix.sh:17 0',
      '    head -n 1 @./matrix.sh:17 0',
      '  false | true @./matrix.sh:18 1 ✗',
      '    false @./matrix.sh:18 1 ✗',
      '    true @./matrix.sh:18 0',
      '  echo "pipeline failed: ${PIPESTATUS[*]}" @./matrix.sh:18 0',
      '  echo "last arg: $_" @./matrix.sh:19 0',
      '  trap -p DEBUG @./matrix.sh:20 0',
      '  trap - DEBUG @./matrix.sh:21 0',
      '  set -x @./matrix.sh:22 0',
      '  echo traced @./matrix.sh:23 0',
      '  set +x @./matrix.sh:24 0',
      '  sleep 0.1 @./matrix.sh:25 0',
      '  wait @./matrix.sh:26 0',
      '  echo done @./matrix.sh:27 0',
      '  exit 4 @./matrix.sh:28 4 ✗',
    ]);
    const spans = storedSpans(store.home);
    const root = spans.find((s) => s.parentSpanId === undefined)!;
    expect(root.attributes['vstrace.xtrace.commands']).toBe(spans.length - 1);
    for (const span of spans) {
      expect(span.traceId).toBe(root.traceId);
      expect(span.startUs).toBeGreaterThanOrEqual(root.startUs);
      expect(span.endUs!).toBeLessThanOrEqual(root.endUs!);
    }
  });

  it("the article's deploy script, unedited (examples/deploy/deploy.sh, docker and gcloud stubbed): the pipeline, then each command with its line", () => {
    const deploy = fileURLToPath(new URL('../../examples/deploy', import.meta.url));
    const env = { ...store.env, PATH: `${deploy}/stubs:${store.env.PATH}` };
    expect(tracedTree(['--type=pipeline', '--', './deploy.sh'], 0, { env, cwd: deploy })).toEqual([
      'pipeline: deploy.sh 0',
      '  set -euo pipefail @./deploy.sh:2 0',
      '  docker build -f Dockerfile.api -t valuestream-api . @./deploy.sh:4 0',
      '  docker tag valuestream-api us.gcr.io/value-stream/valuestream-api @./deploy.sh:6 0',
      '  docker push us.gcr.io/value-stream/valuestream-api @./deploy.sh:6 0',
      '  gcloud app deploy --image-url us.gcr.io/value-stream/valuestream-api devops/gae/app.api.yaml --version=v1 --quiet @./deploy.sh:8 0',
    ]);
  });

  it("the script's RETURN traps: they run where bash runs them, and their commands make no spans", () => {
    expect(tracedTree(['--', './returns.sh'], 0).filter((line) => !line.startsWith('      '))).toEqual([
      'returns.sh 0',
      `  trap 'echo "ret \${FUNCNAME[0]-top} $BASH_SUBSHELL"' RETURN @./returns.sh:3 0`,
      '  f @./returns.sh:6 0',
      '    : @./returns.sh:4 0',
      '  g @./returns.sh:7 0',
      '    f @./returns.sh:5 0',
      '  . ./lib.sh @./returns.sh:8 0',
      '    echo "lib loaded" @./lib.sh:3 0',
      '  x=$(f) @./returns.sh:9 0',
      '    f @./returns.sh:9 -',
      '  echo "x=$x" @./returns.sh:10 0',
      '  h @./returns.sh:12 0',
      '    trap "echo own-ret" RETURN @./returns.sh:11 0',
      '  f @./returns.sh:13 0',
      '    : @./returns.sh:4 0',
      '  trap -p RETURN @./returns.sh:14 0',
    ]);
  });

  it('set -euo pipefail failing half-way: the pipeline it stopped at, each command with its own status', () => {
    expect(tracedTree(['--', './errexit.sh'], 1)).toEqual([
      'errexit.sh 1 ✗',
      '  set -euo pipefail @./errexit.sh:2 0',
      '  step 1 @./errexit.sh:4 0',
      '    echo "step $1" @./errexit.sh:3 0',
      '  echo data | grep -q missing | cat @./errexit.sh:5 1 ✗',
      '    echo data @./errexit.sh:5 0',
      '    grep -q missing @./errexit.sh:5 1 ✗',
      '    cat @./errexit.sh:5 0',
    ]);
  });

  it('a vstrace run inside the script nests under the command that started it (its TRACEPARENT names that span)', () => {
    expect(tracedTree(['--', './nested.sh'], 0, { env: { ...store.env, VSTRACE } })).toEqual([
      'nested.sh 0',
      '  "$VSTRACE" run --name inner-run -- true @./nested.sh:2 0',
      '    inner-run 0',
      '  echo after @./nested.sh:3 0',
    ]);
  });

  it('a loop of 10,003 commands: as many spans', () => {
    const r = vstraceSync(['run', '-x', '--', './loop.sh'], { env: store.env, cwd: DIR });
    expect(r.stdout).toBe('12502500\n');
    const spans = storedSpans(store.home);
    expect(spans).toHaveLength(10_004);
    expect(spans.filter((s) => s.name === '((i++, n += i))')).toHaveLength(5000);
    expect(spans.filter((s) => s.name === '((i < 5000))')).toHaveLength(5001);
  });

  it('a script killed mid-way: its records still become spans, the one running ended at the kill and marked', () => {
    const r = vstraceSync(['run', '-x', '--', 'bash', '-c', 'echo started; kill -TERM $$; echo never'], { env: store.env });
    expect(r.signal).toBe('SIGTERM');
    expect(r.stdout).toBe('started\n');
    const killed = storedSpans(store.home).find((s) => s.name === 'kill -TERM $$')!;
    expect(killed.status).toEqual({ code: 'error', message: 'interrupted by SIGTERM' });
    expect(killed.attributes['vstrace.xtrace.interrupted']).toBe(true);
  });

  it('secrets in a command are redacted in its span name, as in every command line', () => {
    vstraceSync(['run', '-x', '--', 'bash', '-c', 'true --password=hunter2hunter2; true'], { env: store.env });
    const names = storedSpans(store.home).map((s) => s.name);
    expect(names.join('\n')).not.toContain('hunter2');
    expect(names).toContain('true --password=[REDACTED]');
  });
});

describe('vstrace run -x: the run.xtrace setting and vstrace-sh', () => {
  it('VSTRACE_XTRACE=true traces every run like -x, and says nothing about a command that is no bash script', () => {
    const plain = vstraceSync(['run', '--', 'true'], { env: { ...store.env, VSTRACE_XTRACE: 'true' } });
    expect({ status: plain.status, stderr: plain.stderr }).toEqual({ status: 0, stderr: '' });
    const r = vstraceSync(['run', '--', './errexit.sh'], { env: { ...store.env, VSTRACE_XTRACE: 'true' }, cwd: DIR });
    expect(r.status).toBe(1);
    expect(tree()).toContain('  echo data | grep -q missing | cat @./errexit.sh:5 1 ✗');
  });

  it('make with SHELL=vstrace-sh and .SHELLFLAGS=--xtrace -c: each recipe line runs under bash, its commands spans under the line', () => {
    const makefile = join(store.dir, 'Makefile');
    writeFileSync(makefile, 'all:\n\tset -o pipefail; echo one | tr o O\n\techo two\n');
    // Under a run of its own, so that the trace is whole when make ends (no make span recorded later by a watcher).
    const r = spawnSync(VSTRACE, ['run', '--name', 'make', '--', 'make', '-s', '-f', makefile, `SHELL=${VSTRACE_SH}`, '.SHELLFLAGS=--xtrace -c'], { cwd: store.dir, env: store.env, encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: 'One\ntwo\n' });
    expect(tree()).toEqual(['make 0', '  set 0', '    set -o pipefail @:1 0', '    echo one | tr o O @:1 0', '      echo one @:1 0', '      tr o O @:1 0', '  echo two 0', '    echo two @:1 0']);
  });
});

describe('vstrace-sh --xtrace with a script file', () => {
  it('runs the file with bash, each of its commands a span', () => {
    const r = spawnSync(VSTRACE_SH, ['--xtrace', 'errexit.sh'], { cwd: DIR, env: store.env, encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 1, stdout: 'step 1\n' });
    expect(tree()).toContain('  echo data | grep -q missing | cat @errexit.sh:5 1 ✗');
  });
});

describe('vstrace run -x: what it cannot trace', () => {
  it('a sh (dash) script: one warning on stderr, the plain run, one span', () => {
    const { bare, traced } = bareAndTraced(['./plain.sh']);
    expect(traced.status).toBe(bare.status);
    expect(traced.stdout).toBe(bare.stdout);
    expect(traced.stderr).toBe(`vstrace: warning: -x traces bash scripts, and "./plain.sh" ran no bash that read BASH_ENV (sh, dash and zsh do not): it is one span, its commands untraced\n`);
    expect(storedSpans(store.home)).toHaveLength(1);
  });

  it("with no SHLVL (or 0) and a socket as stdin — bash's sshd rule, which reads ~/.bashrc instead of BASH_ENV — it still traces, and SHLVL is what it is bare", () => {
    const line = 'echo "[${BASH_ENV-unset}] $SHLVL $(bash -c \'echo $SHLVL\')"; true';
    for (const shlvl of [undefined, '0', '1']) {
      const env: Record<string, string> = { ...store.env };
      delete env.SHLVL;
      if (shlvl !== undefined) env.SHLVL = shlvl;
      // spawnSync's stdio are sockets, as sshd's are
      const bare = spawnSync('bash', ['-c', line], { env, encoding: 'utf8' }).stdout;
      const traced = vstraceSync(['run', '-x', '--', 'bash', '-c', line], { env });
      expect(traced.stdout, `SHLVL=${shlvl}`).toBe(bare);
      expect(traced.stdout).toMatch(/^\[unset\] /);
    }
    expect(storedSpans(store.home).filter((s) => s.name === 'true')).toHaveLength(3);
  });

  it('prints nothing of its own, and the script sees neither its BASH_ENV nor its variables (the record descriptor it does see)', () => {
    const r = vstraceSync(['run', '-x', '--', 'bash', '-c', 'printf "%s|%s|" "${BASH_ENV-unset}" "${VSTRACE_XTRACE_FD-unset}"; [ -e /dev/fd/62 ] && echo fd-62'], { env: store.env, cwd: DIR });
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: 'unset|unset|fd-62\n', stderr: '' });
  });
});
