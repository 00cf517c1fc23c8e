import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/trace/span.ts';
import { groupTraces } from '../../src/trace/traces.ts';
import { bashSync, storedSpans, VSTRACE, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

/** Each test spawns a dozen processes or more; on a loaded two-core machine that can take a while. */
const SLOW = { timeout: 90_000 };
const store = useTempStore();
const BIN = dirname(VSTRACE);

/** A bash script with vstrace on PATH, as a user's shell would run it. */
const sh = (script: string, extra: Record<string, string> = {}) => bashSync(script, { ...store.env, PATH: `${BIN}:${store.env.PATH}`, ...extra });

/** The span each name was last recorded as (the ended copy wins, as readers see it). */
function spans(): Record<string, SpanRecord> {
  const byName: Record<string, SpanRecord> = {};
  for (const trace of groupTraces(storedSpans(store.home))) for (const s of trace.spans) byName[s.name] = s;
  return byName;
}

describe('vstrace start / end across processes', () => {
  it('start prints only the id; end in another process minutes later closes the same span; open meanwhile in ls and show', SLOW, () => {
    const started = vstraceSync(['start', '--type=pipeline', '--tag', 'service=api'], { env: store.env });
    expect(started.status).toBe(0);
    const id = started.stdout.trim();
    expect(started.stdout).toMatch(/^[0-9a-f]{16}\n$/);
    const ls = JSON.parse(vstraceSync(['ls', '--json'], { env: store.env }).stdout) as Array<{ status: string; durationMs: number | null }>;
    expect(ls[0]).toMatchObject({ status: 'open', durationMs: null });
    expect(vstraceSync(['show', 'last'], { env: store.env, input: '' }).stdout).toMatch(/pipeline .*open/);

    expect(vstraceSync(['run', '--name', 'child', '--parent', id, '--', 'true'], { env: store.env }).status).toBe(0);
    const ended = vstraceSync(['end', id, '--tag', 'result=shipped'], { env: store.env });
    expect(ended).toMatchObject({ status: 0, stdout: '' });
    const { pipeline, child } = spans();
    expect(pipeline).toMatchObject({ spanId: id, status: { code: 'unset' }, attributes: { 'vstrace.type': 'pipeline', service: 'api', result: 'shipped' } });
    expect(pipeline!.endUs).toBeGreaterThan(pipeline!.startUs);
    expect(child).toMatchObject({ traceId: pipeline!.traceId, parentSpanId: id });
    expect(JSON.parse(vstraceSync(['ls', '--json'], { env: store.env }).stdout)[0]).toMatchObject({ status: 'ok', spans: 2 });
  });

  it('end twice records nothing the second time and says so; an unknown id is a one-line error', SLOW, () => {
    const id = vstraceSync(['start'], { env: store.env }).stdout.trim();
    vstraceSync(['end', id], { env: store.env });
    const again = vstraceSync(['end', id, '--exit-code', '3'], { env: store.env });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`^vstrace: warning: span ${id} was already ended at .*; nothing recorded\\n$`));
    expect(storedSpans(store.home).filter((s) => s.endUs !== undefined)).toHaveLength(1);
    const unknown = vstraceSync(['end', '0123456789abcdef'], { env: store.env });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('vstrace: no span 0123456789abcdef in the local store: check the id (vstrace ls, vstrace show) and VSTRACE_HOME\n');
    expect(vstraceSync(['end', 'nope'], { env: store.env })).toMatchObject({ status: 2, stderr: expect.stringMatching(/is not a span id/) });
  });

  it("an --exit-code that is not 0-255 is a one-line usage error (exit 2), like end's other usage errors; the span stays open", SLOW, () => {
    const id = vstraceSync(['start', '--name', 'pending'], { env: store.env }).stdout.trim();
    for (const bad of ['300', 'abc', '-1']) {
      expect(vstraceSync(['end', id, '--exit-code', bad], { env: store.env }), bad).toMatchObject({
        status: 2,
        stdout: '',
        stderr: `vstrace: --exit-code "${bad}" is not an exit status: give a whole number from 0 to 255, e.g. --exit-code "$?"\n`,
      });
    }
    expect(storedSpans(store.home).map((s) => s.endUs)).toEqual([undefined]);
    expect(vstraceSync(['end', id, '--exit-code', '255'], { env: store.env }).status).toBe(0);
  });

  it('--exit-code other than 0 makes the span an error; --status error too', SLOW, () => {
    const r = sh(`A=$(vstrace start --name a); B=$(vstrace start --name b); vstrace end "$A" --exit-code 4; vstrace end "$B" --status error`);
    expect(r.status).toBe(0);
    const { a, b } = spans();
    expect(a).toMatchObject({ status: { code: 'error', message: 'exit code 4' }, attributes: { 'process.exit.code': 4, error: true } });
    expect(b).toMatchObject({ status: { code: 'error' }, attributes: { error: true } });
  });
});

describe('shell integration: eval "$(vstrace start --export)"', () => {
  it('nested start/end pairs form a stack; runs nest under the innermost; siblings never chain', SLOW, () => {
    const r = sh(`
      export TRACEPARENT=00-11111111111111111111111111111111-2222222222222222-01
      eval "$(vstrace start --name pipeline --export)"
      eval "$(vstrace start --name build --export)"
      vstrace run --name compile -- true
      eval "$(vstrace end --export)"
      eval "$(vstrace start --name push --export)"
      vstrace run --name upload -- true
      eval "$(vstrace end --export)"
      vstrace run --name notify -- true
      eval "$(vstrace end --export)"
      echo "after: $TRACEPARENT \${VSTRACE_SPAN-unset} \${VSTRACE_STACK-unset}"
    `);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('after: 00-11111111111111111111111111111111-2222222222222222-01 unset unset\n');
    const s = spans();
    expect(s.pipeline).toMatchObject({ traceId: '11111111111111111111111111111111', parentSpanId: '2222222222222222' });
    expect(s.build!.parentSpanId).toBe(s.pipeline!.spanId);
    expect(s.push!.parentSpanId).toBe(s.pipeline!.spanId); // a sibling of build, not its child
    expect(s.compile!.parentSpanId).toBe(s.build!.spanId);
    expect(s.upload!.parentSpanId).toBe(s.push!.spanId);
    expect(s.notify!.parentSpanId).toBe(s.pipeline!.spanId);
    expect(Object.values(s).every((x) => x.endUs !== undefined)).toBe(true);
  });

  it('a plain `vstrace end` (no eval) ends the innermost span, and the next run nests under the one around it, never under the ended one', SLOW, () => {
    const r = sh(`
      eval "$(vstrace start --name pipeline --export)"
      eval "$(vstrace start --name build --export)"
      vstrace end
      vstrace run --name after-build -- true
      vstrace end
      vstrace run --name after-all -- true
      vstrace end
    `);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^vstrace: no open span in this shell to end/);
    const s = spans();
    expect(s.build!.endUs).toBeDefined();
    expect(s['after-build']!.parentSpanId).toBe(s.pipeline!.spanId);
    expect(s.pipeline!.endUs).toBeDefined();
    expect(s['after-all']!.parentSpanId).toBeUndefined();
    expect(s['after-all']!.traceId).not.toBe(s.pipeline!.traceId);
  });

  it('a span started in a subshell ( … ) or a $( … ) capture links to the shell around it and leaves it untouched', SLOW, () => {
    const r = sh(`
      eval "$(vstrace start --name pipeline --export)"
      ( eval "$(vstrace start --name in-subshell --export)"; vstrace run --name sub-run -- true; vstrace end )
      ID=$(vstrace start --name captured)
      vstrace run --name cap-run --parent "$ID" -- true
      vstrace end "$ID"
      vstrace run --name direct -- true
      eval "$(vstrace end --export)"
    `);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    const s = spans();
    const pipe = s.pipeline!.spanId;
    expect(s['in-subshell']!.parentSpanId).toBe(pipe);
    expect(s['sub-run']!.parentSpanId).toBe(s['in-subshell']!.spanId);
    expect(s.captured!.parentSpanId).toBe(pipe);
    expect(s['cap-run']!.parentSpanId).toBe(s.captured!.spanId);
    expect(s.direct!.parentSpanId).toBe(pipe);
    expect(new Set(Object.values(s).map((x) => x.traceId)).size).toBe(1);
    expect(Object.values(s).every((x) => x.endUs !== undefined)).toBe(true);
  });

  it('`vstrace end` with no id after a plain `vstrace start` from the same shell process ends that span', SLOW, () => {
    // (not the script's last command: bash -c execs its last command in place, so its parent is not the script's shell)
    const r = sh(`vstrace start --name plain >/dev/null; vstrace end --status ok; echo ended`);
    expect(r).toMatchObject({ status: 0, stderr: '', stdout: 'ended\n' });
    expect(spans().plain).toMatchObject({ status: { code: 'ok' } });
  });
});

describe('start: parents', () => {
  it('a --parent that cannot be found is an error; a broken TRACEPARENT from the environment only warns', SLOW, () => {
    const missing = vstraceSync(['start', '--parent', '0123456789abcdef'], { env: store.env });
    expect(missing).toMatchObject({ status: 1, stdout: '', stderr: 'vstrace: no span 0123456789abcdef in the local store (check the id with "vstrace ls")\n' });
    const broken = vstraceSync(['start', '--name', 'fresh'], { env: { ...store.env, TRACEPARENT: 'garbage' } });
    expect(broken.status).toBe(0);
    expect(broken.stderr).toMatch(/^vstrace: warning: TRACEPARENT: invalid traceparent "garbage".*; this span starts a new trace\n$/);
    expect(storedSpans(store.home).map((s) => s.name)).toEqual(['fresh']);
  });
});

describe('end with no id inside a script run from a shell with a started span', () => {
  it("ends the script's own newest span, not the span its caller exported", SLOW, () => {
    const r = sh(`
      eval "$(vstrace start --name outer --export)"
      bash -c 'vstrace start --name script-step >/dev/null; vstrace end; echo done'
      vstrace run --name after -- true
      eval "$(vstrace end --export)"
    `);
    expect(r).toMatchObject({ status: 0, stderr: '', stdout: 'done\n' });
    const s = spans();
    expect(s['script-step']!.parentSpanId).toBe(s.outer!.spanId);
    expect(s['script-step']!.endUs).toBeDefined();
    expect(s.after!.parentSpanId).toBe(s.outer!.spanId); // outer was still open when `after` ran
    expect(s.outer!.endUs!).toBeGreaterThanOrEqual(s.after!.endUs!);
  });
});

/** libfaketime (scripts/ci-system-deps.sh installs it): a `vstrace start` three days ago, in its own process only. */
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

describe.runIf(process.platform === 'linux')('prune and a span still open', () => {
  it('the day holding its record survives prune until the span ends, and vstrace end still finds it', SLOW, () => {
    expect(existsSync(FAKETIME), FAKETIME).toBe(true);
    const threeDaysAgo = { ...store.env, LD_PRELOAD: FAKETIME, FAKETIME: '-3d', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
    const id = vstraceSync(['start', '--name', 'release'], { env: threeDaysAgo }).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const traces = join(store.home, 'traces');
    const [day] = readdirSync(traces);
    expect(day! < `${new Date().toISOString().slice(0, 10)}.jsonl`).toBe(true);

    const pruned = vstraceSync(['prune', '--older-than', '1d'], { env: store.env });
    expect(pruned.status).toBe(0);
    expect(readdirSync(traces)).toContain(day);
    const ended = vstraceSync(['end', id], { env: store.env });
    expect([ended.status, ended.stderr]).toEqual([0, '']);
    expect(storedSpans(store.home).find((s) => s.spanId === id && s.endUs !== undefined)?.name).toBe('release');
    expect(pruned.stdout).toContain(`Kept 1 day (${day!.slice(0, 10)}) holding spans still open`);
    // Ended, its day goes at the next prune.
    expect(vstraceSync(['prune', '--older-than', '1d'], { env: store.env }).status).toBe(0);
    expect(readdirSync(traces)).not.toContain(day);
  });
});

/** Unprivileged user and pid namespaces with their own /proc; and a mount namespace to hide /proc in. */
const PID_NAMESPACES = spawnSync('unshare', ['-Urpf', '--mount-proc', 'true']).status === 0;
const MOUNT_NAMESPACES = spawnSync('unshare', ['-Urm', 'true']).status === 0;

describe('`vstrace end` with no id knows its shell by pid and start time', () => {
  it.skipIf(!PID_NAMESPACES)("a shell in another pid namespace with the same pid does not end this shell's span", SLOW, () => {
    // Each shell is pid 1 of its own namespace, so both `vstrace start` and `vstrace end` see ppid 1.
    const inNamespace = (script: string) => sh(`unshare -Urpf --mount-proc bash -c '${script}'`);
    expect(inNamespace('vstrace start --name first-shell >/dev/null; echo "pid $$"')).toMatchObject({ status: 0, stdout: 'pid 1\n' });
    // The portable reads (ps) know a start time to the second: a pid reused within the same second is beyond them (docs/platforms.md).
    if (process.env.VSTRACE_PLATFORM === 'portable') spawnSync('sleep', ['1.1']);
    const other = inNamespace('vstrace end; echo "end: $?"');
    expect(other).toMatchObject({ stdout: 'end: 1\n', stderr: expect.stringMatching(/^vstrace: no open span in this shell to end/) });
    expect(inNamespace('vstrace start --name own-span >/dev/null; vstrace end; echo "end: $?"')).toMatchObject({ stdout: 'end: 0\n', stderr: '' });
    const s = spans();
    expect(s['first-shell']!.endUs).toBeUndefined();
    expect(s['own-span']!.endUs).toBeDefined();
  });

  it.skipIf(!MOUNT_NAMESPACES)('without /proc the pid alone identifies the shell, as before', SLOW, () => {
    const r = sh(`unshare -Urm bash -c 'mount -t tmpfs none /proc && vstrace start --name no-proc >/dev/null && vstrace end; echo "end: $?"'`);
    expect(r).toMatchObject({ stdout: 'end: 0\n', stderr: '' });
    expect(spans()['no-proc']!.endUs).toBeDefined();
  });
});
