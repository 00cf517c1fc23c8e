import { describe, expect, it } from 'vitest';
import { parseRecords, spanIdOf } from '../../src/trace/xtrace-records.ts';
import { type XtraceRun, xtraceSpans } from '../../src/trace/xtrace-spans.ts';

const ROOT = 'aaaaaaaaaaaaaaaa';
const HELPER = '/opt/vstrace/dist/xtrace.bash';

/** A record as the helper writes it: the shell's pid, its sequence number, what the command before left. */
function rec(o: { pid: number; seq: number; seen: string; t: number; line: number; command: string; status?: number; pipe?: string; depth?: number; file?: string }): string {
  const time = `1700000000.${String(o.t).padStart(6, '0')}`;
  return `\x1d${[o.status ?? 0, o.pipe ?? String(o.status ?? 0), time, o.seen, o.pid, o.seq, o.depth ?? 1, o.file ?? './s.sh', o.line, o.command].join('\x1f')}\x1e`;
}

/** Records of one shell: each names the one before as its predecessor. */
function shell(pid: number, first: { seq: number; seen: string }, rows: Array<Omit<Parameters<typeof rec>[0], 'pid' | 'seq' | 'seen'>>): string {
  let seen = first.seen;
  return rows
    .map((row, i) => {
      const seq = first.seq + i;
      const text = rec({ ...row, pid, seq, seen });
      seen = spanIdOf(String(pid), String(seq));
      return text;
    })
    .join('');
}

const run: XtraceRun = { traceId: 't'.repeat(32), spanId: ROOT, startUs: 1700000000_000000, endUs: 1700000001_000000, exitCode: 0, redact: (s) => s, resource: {} };
const V = `\x1dV\x1f5.2.15(1)-release\x1f${HELPER}\x1e`;

/** name, parent's name (or root), exit code: the tree as a list. */
function shape(text: string, over: Partial<XtraceRun> = {}): string[] {
  const { spans } = xtraceSpans(text, { ...run, ...over });
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return spans.map((s) => `${s.name} < ${s.parentSpanId === ROOT ? 'root' : byId.get(s.parentSpanId!)?.name} = ${s.attributes['process.exit.code'] ?? '-'}`);
}

describe('xtrace records', () => {
  it('skips torn and foreign text, and starts a new shell when a pid is used again by a later one', () => {
    const first = shell(100, { seq: 1, seen: ROOT }, [{ t: 1, line: 2, command: 'a' }]);
    const reused = shell(100, { seq: 9, seen: spanIdOf('200', '8') }, [{ t: 5, line: 3, command: 'b' }]);
    const parsed = parseRecords(`${V}junk\x1e${first}\x1dtorn\x1fx${reused}`);
    expect(parsed.bashes).toEqual([{ version: '5.2.15(1)-release', traced: true, helper: HELPER }]);
    expect(parsed.shells.map((s) => s.records.map((r) => r.command))).toEqual([['a'], ['b']]);
  });

  it('a bash too old to trace, and a command that ran no bash', () => {
    expect(xtraceSpans('\x1dO\x1f3.2.57(1)-release\x1e', run).shell).toEqual({ kind: 'old', version: '3.2.57(1)-release' });
    expect(xtraceSpans('', run)).toEqual({ shell: { kind: 'none' }, spans: [] });
  });
});

describe('xtrace spans', () => {
  it('the helper own records and a function entry make no span; the function nests its commands', () => {
    const text =
      V +
      shell(100, { seq: 1, seen: ROOT }, [
        { t: 1, line: 5, command: 'f x' },
        { t: 2, line: 2, depth: 2, command: 'f x' },
        { t: 3, line: 2, depth: 2, command: 'echo in' },
        { t: 4, line: 30, depth: 2, file: HELPER, command: 'local a' },
        { t: 5, line: 6, command: 'echo out', status: 0 },
      ]);
    expect(shape(text)).toEqual(['f x < root = 0', 'echo in < f x = 0', 'echo out < root = 0']);
  });

  it('a pipeline that began with a compound command: its simple commands grouped, the rest shown as …', () => {
    const text =
      V +
      shell(100, { seq: 1, seen: ROOT }, [
        { t: 1, line: 1, command: 'cd /tmp' },
        { t: 2, line: 3, command: 'cat', status: 0 },
        { t: 9, line: 4, command: 'echo end', status: 1, pipe: '1 0' },
      ]);
    expect(shape(text).sort()).toEqual(['cd /tmp < root = 0', '… | cat < root = 1', 'cat < … | cat = 0', 'echo end < root = 0'].sort());
  });

  it('the command running when the script was killed ends at the kill, marked', () => {
    const text = V + shell(100, { seq: 1, seen: ROOT }, [{ t: 1, line: 1, command: 'sleep 100' }]);
    const { spans } = xtraceSpans(text, { ...run, exitCode: undefined, signal: 'SIGTERM' });
    expect(spans.map((s) => [s.name, s.endUs, s.status, s.attributes['vstrace.xtrace.interrupted']])).toEqual([['sleep 100', run.endUs, { code: 'error', message: 'interrupted by SIGTERM' }, true]]);
  });

  it('ids no record has: a pipeline and a subshell get ids of their own, valid and distinct', () => {
    const text =
      V +
      shell(100, { seq: 1, seen: ROOT }, [
        { t: 1, line: 1, command: 'a' },
        { t: 2, line: 1, command: 'b' },
        { t: 3, line: 2, command: 'c', pipe: '0 0' },
      ]) +
      shell(101, { seq: 4, seen: spanIdOf('100', '3') }, [{ t: 4, line: 3, command: 'pwd' }]) +
      rec({ pid: 100, seq: 4, seen: spanIdOf('100', '3'), t: 8, line: 4, command: 'd', status: 0 });
    const { spans } = xtraceSpans(text, run);
    const ids = spans.map((s) => s.spanId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    // The subshell's status is the one its shell found when it went on (d's record).
    expect(shape(text).sort()).toEqual(['a | b < root = 0', 'a < a | b = 0', 'b < a | b = 0', 'c < root = 0', '( … ) < root = 0', 'pwd < ( … ) = -', 'd < root = 0'].sort());
  });
});
