import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportLines, innermostOpen, liveState, pushState, readShellState, shellQuote } from '../../src/trace/shell-stack.ts';
import { closeSpan, parseEndStatus } from '../../src/trace/span-lifecycle.ts';
import type { SpanRecord } from '../../src/trace/span.ts';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const tp = (span: string) => `00-${T}-${span}-01`;
const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';
const OUTER = '00-11111111111111111111111111111111-2222222222222222-01';

/** What bash makes of `eval "$(lines)"`: the three variables, as the shell then holds them. */
function evalInBash(lines: string, before: Record<string, string> = {}): Record<string, string | undefined> {
  const r = spawnSync('bash', ['-c', `eval "$1"; printf '%s\\0' "\${TRACEPARENT-<unset>}" "\${VSTRACE_SPAN-<unset>}" "\${VSTRACE_STACK-<unset>}"`, '_', lines], {
    env: { PATH: process.env.PATH ?? '', ...before },
    encoding: 'utf8',
  });
  const [traceparent, span, stack] = r.stdout.split('\0').map((v) => (v === '<unset>' ? undefined : v));
  return { TRACEPARENT: traceparent, VSTRACE_SPAN: span, VSTRACE_STACK: stack };
}

describe('the shell span stack', () => {
  it('push twice, then pop back through eval, restoring the outer TRACEPARENT exactly', () => {
    const s0 = readShellState({ TRACEPARENT: OUTER });
    const s1 = pushState(s0, A, tp(A));
    const s2 = pushState(s1, B, tp(B));
    const env2 = evalInBash(exportLines(s2));
    expect(env2.TRACEPARENT).toBe(tp(B));
    expect(readShellState(env2)).toEqual(s2);
    const open = new Set([A]);
    const popped = liveState(readShellState(env2), (id) => open.has(id));
    expect(popped).toEqual(s1);
    const back = liveState(popped, () => false);
    expect(back).toEqual(s0);
    expect(evalInBash(exportLines(back), env2 as Record<string, string>)).toEqual({ TRACEPARENT: OUTER, VSTRACE_SPAN: undefined, VSTRACE_STACK: undefined });
  });

  it('a TRACEPARENT that is not the started span (a vstrace run in between) is left alone, with no lookups', () => {
    const state = { ...pushState(readShellState({}), A, tp(A)), traceparent: tp('cccccccccccccccc') };
    let lookups = 0;
    expect(liveState(state, () => (lookups++, false))).toEqual(state);
    expect(lookups).toBe(0);
  });

  it('end with no id: the innermost started span still open', () => {
    const state = pushState(pushState(readShellState({}), A, tp(A)), B, tp(B));
    expect(innermostOpen(state, () => true)).toBe(B);
    expect(innermostOpen(state, (id) => id === A)).toBe(A);
    expect(innermostOpen(state, () => false)).toBeUndefined();
  });

  it('quotes for any shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(evalInBash(`export TRACEPARENT=${shellQuote("a'b $HOME `x`")}`).TRACEPARENT).toBe("a'b $HOME `x`");
  });
});

describe('ending a span', () => {
  const open: SpanRecord = { traceId: T, spanId: A, name: 'build', startUs: 1_000, status: { code: 'unset' }, attributes: { 'vstrace.type': 'build', a: '1' }, resource: {} };

  it('a non-zero exit code is an error with error=true; tags merge over the start tags', () => {
    const ended = closeSpan(open, { endUs: 5_000, exitCode: 2, tags: { a: '2', b: '3' } });
    expect(ended).toMatchObject({ spanId: A, endUs: 5_000, status: { code: 'error', message: 'exit code 2' } });
    expect(ended.attributes).toEqual({ 'vstrace.type': 'build', a: '2', b: '3', 'process.exit.code': 2, error: true });
  });

  it('ok, unset, and an end before the start clamps to zero length', () => {
    expect(closeSpan(open, { endUs: 2_000, status: 'ok', tags: {} }).status).toEqual({ code: 'ok' });
    expect(closeSpan(open, { endUs: 500, exitCode: 0, tags: {} })).toMatchObject({ endUs: 1_000, status: { code: 'unset' } });
  });

  it('CI status words map to a status and a CICD result', () => {
    const words = ['success', 'failure', 'cancelled', 'canceled', 'skipped', 'Succeeded', 'failed', 'timeout'];
    expect(
      words.map((w) => {
        const r = parseEndStatus(w);
        return r.ok ? `${r.value.status}/${r.value.result}` : 'bad';
      }),
    ).toEqual(['ok/success', 'error/failure', 'unset/cancellation', 'unset/cancellation', 'unset/skip', 'ok/success', 'error/failure', 'error/timeout']);
    expect(parseEndStatus('great').ok).toBe(false);
  });
});
