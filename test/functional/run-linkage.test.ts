import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bashSync, storedSpans, vstraceSync, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const store = useTempStore();

const byName = (name: string) => storedSpans(store.home).find((s) => s.name === name)!;

describe('vstrace run: nested calls link up through TRACEPARENT', () => {
  it('three levels through sh -c, and siblings share their parent', () => {
    const inner = `${VSTRACE} run --name level3 -- true`;
    const middle = `${VSTRACE} run --name level2 -- sh -c '${inner}'; ${VSTRACE} run --name sibling -- true`;
    const r = vstraceSync(['run', '--name', 'level1', '--', 'sh', '-c', middle], { env: store.env });
    expect(r.status).toBe(0);
    const [l1, l2, l3, sib] = ['level1', 'level2', 'level3', 'sibling'].map(byName);
    expect(new Set([l1, l2, l3, sib].map((s) => s!.traceId)).size).toBe(1);
    expect(l1!.parentSpanId).toBeUndefined();
    expect(l2!.parentSpanId).toBe(l1!.spanId);
    expect(l3!.parentSpanId).toBe(l2!.spanId);
    expect(sib!.parentSpanId).toBe(l1!.spanId);
    // a child lies within its parent in time
    expect(l2!.startUs).toBeGreaterThanOrEqual(l1!.startUs);
    expect(l2!.endUs!).toBeLessThanOrEqual(l1!.endUs!);
  });

  it('hands the child a TRACEPARENT naming the new span, passing TRACESTATE and BAGGAGE on', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const r = vstraceSync(['run', '--name', 'child', '--', 'sh', '-c', 'echo "$TRACEPARENT|$TRACESTATE|$BAGGAGE"'], {
      env: { ...store.env, TRACEPARENT: parent, TRACESTATE: 'rojo=00f067aa0ba902b7', BAGGAGE: 'user=alice' },
    });
    const span = byName('child');
    expect(r.stdout).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanId}-01|rojo=00f067aa0ba902b7|user=alice\n`);
    expect(span.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanId).toBe('00f067aa0ba902b7');
    expect(span.traceState).toBe('rojo=00f067aa0ba902b7');
  });

  it('--parent beats the environment and takes an uber-trace-id or a recorded span id', () => {
    vstraceSync(['run', '--name', 'first', '--', 'true'], { env: store.env });
    const first = byName('first');
    vstraceSync(['run', '--name', 'by-id', '--parent', first.spanId, '--', 'true'], {
      env: { ...store.env, TRACEPARENT: '00-11111111111111111111111111111111-2222222222222222-01' },
    });
    vstraceSync(['run', '--name', 'by-uber', '--parent', 'abc:def:0:1', '--', 'true'], { env: store.env });
    expect(byName('by-id')).toMatchObject({ traceId: first.traceId, parentSpanId: first.spanId });
    expect(byName('by-uber')).toMatchObject({ traceId: `${'0'.repeat(29)}abc`, parentSpanId: `${'0'.repeat(13)}def` });
  });

  it('records the span attributes with semantic-convention names, redacted', () => {
    spawnSync('git', ['init', '-q', '-b', 'feature/x', store.dir]);
    spawnSync('git', ['-C', store.dir, '-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'm']);
    const head = spawnSync('git', ['-C', store.dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    vstraceSync(['run', '--type=deploy', '--tag', 'service=api', '--tag', 'team|infra', '--service', 'shop', '--', 'sh', '-c', 'true', '--password=hunter2'], {
      env: store.env,
      cwd: store.dir,
    });
    const [span] = storedSpans(store.home);
    expect(span!.name).toBe('deploy: sh');
    expect(span!.attributes).toMatchObject({
      'vstrace.type': 'deploy',
      service: 'api',
      team: 'infra',
      'process.executable.name': 'sh',
      'process.command_args': ['sh', '-c', 'true', '--password=[REDACTED]'],
      'process.exit.code': 0,
      'process.working_directory': store.dir,
      'vcs.ref.head.name': 'feature/x',
      'vcs.ref.head.revision': head,
    });
    expect(typeof span!.attributes['process.pid']).toBe('number');
    // CPU only where the platform tells it (/proc); the ps fallbacks cannot see reaped children (test/functional/platform.test.ts)
    expect(typeof span!.attributes['vstrace.cpu.user_seconds']).toBe(process.env.VSTRACE_PLATFORM === 'portable' ? 'undefined' : 'number');
    expect(span!.resource).toMatchObject({ 'service.name': 'shop', 'telemetry.sdk.name': 'vstrace' });
    expect(JSON.stringify(storedSpans(store.home))).not.toContain('hunter2');
  });

  it('--shell: the executable is sh, its arguments /bin/sh -c and the line (redacted); the name still comes from the line', () => {
    const r = vstraceSync(['run', '--shell', '--', 'echo hi | tr a-z A-Z; : --password hunter2; exit 3'], { env: store.env, cwd: store.dir });
    expect([r.status, r.stdout, r.stderr]).toEqual([3, 'HI\n', '']);
    const [span] = storedSpans(store.home);
    expect(span!.name).toBe('echo hi');
    expect(span!.attributes).toMatchObject({
      'process.executable.name': 'sh',
      'process.command_args': ['/bin/sh', '-c', 'echo hi | tr a-z A-Z; : --password [REDACTED]; exit 3'],
      'process.exit.code': 3,
    });
  });
});

describe('the store under concurrency', () => {
  it('200 parallel runs store 200 whole spans, each once, in files only the owner can read', () => {
    const r = bashSync(`seq 200 | xargs -P 50 -I{} ${VSTRACE} run --name run-{} -- true`, store.env);
    expect(r.status).toBe(0);
    const spans = storedSpans(store.home);
    expect(spans).toHaveLength(200);
    expect(new Set(spans.map((s) => s.name)).size).toBe(200);
    const modes = bashSync(`stat -c '%a' ${store.home} ${store.home}/traces ${store.home}/traces/*.jsonl | sort -u`, store.env).stdout;
    expect(modes).toBe('600\n700\n');
  });

  it('skips a torn line with a warning, and the next append starts on a fresh line', () => {
    vstraceSync(['run', '--name', 'before', '--', 'true'], { env: store.env });
    const file = bashSync(`ls ${store.home}/traces/*.jsonl`, store.env).stdout.trim();
    bashSync(`printf '{"resourceSpans":[{"scopeSp' >> ${file}`, store.env);
    vstraceSync(['run', '--name', 'after', '--', 'true'], { env: store.env });
    const ls = vstraceSync(['ls', '--json'], { env: store.env });
    expect(ls.status).toBe(0);
    expect(ls.stderr).toMatch(/warning: skipped 1 unreadable line in .*\.jsonl/);
    expect((JSON.parse(ls.stdout) as Array<{ name: string }>).map((t) => t.name).sort()).toEqual(['after', 'before']);
  });
});
