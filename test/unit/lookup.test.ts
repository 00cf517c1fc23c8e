import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSpanContext, findSpanRecords } from '../../src/store/lookup.ts';
import { isMarkedOpen, markEnded, markOpen, openMarks, startedBy } from '../../src/store/open-marks.ts';
import { appendSpan } from '../../src/store/writer.ts';
import type { SpanRecord } from '../../src/trace/span.ts';
import { tempDir } from '../support/env.ts';

const DAY_US = 86_400_000_000;
const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const span = (spanId: string, startUs: number, endUs?: number): SpanRecord => ({
  traceId: T,
  spanId,
  name: spanId,
  startUs,
  ...(endUs !== undefined ? { endUs } : {}),
  status: { code: 'unset' },
  attributes: {},
  resource: {},
});

let home = '';
let cleanup = () => {};
beforeEach(() => ({ path: home, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('finding a started span in the store', () => {
  it('the open record and the ended copy, across day segments (started before midnight, ended after)', () => {
    const start = Date.UTC(2026, 10, 24, 23, 59) * 1000;
    appendSpan(home, span('aaaaaaaaaaaaaaaa', start));
    appendSpan(home, span('bbbbbbbbbbbbbbbb', start + DAY_US, start + DAY_US + 5));
    appendSpan(home, span('aaaaaaaaaaaaaaaa', start, start + 120_000_000));
    const both = findSpanRecords(home, 'aaaaaaaaaaaaaaaa', true);
    expect(both.open?.endUs).toBeUndefined();
    expect(both.ended?.endUs).toBe(start + 120_000_000);
    // without untilOpen the newest record is enough (a parent lookup needs only the trace id)
    expect(findSpanRecords(home, 'aaaaaaaaaaaaaaaa')).toEqual({ ended: both.ended });
    expect(findSpanContext(home, 'aaaaaaaaaaaaaaaa')).toEqual({ traceId: T, spanId: 'aaaaaaaaaaaaaaaa', flags: '01' });
    expect(findSpanRecords(home, 'cccccccccccccccc', true)).toEqual({});
  });

  it('open markers: set, listed newest first, cleared; anything not a span id is never open', () => {
    markOpen(home, { spanId: 'aaaaaaaaaaaaaaaa', traceId: T, ppid: 10, startUs: 1 });
    markOpen(home, { spanId: 'bbbbbbbbbbbbbbbb', traceId: T, ppid: 10, startUs: 2 });
    expect(openMarks(home).map((m) => m.spanId)).toEqual(['bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa']);
    markEnded(home, 'bbbbbbbbbbbbbbbb');
    expect(isMarkedOpen(home, 'bbbbbbbbbbbbbbbb')).toBe(false);
    expect(isMarkedOpen(home, 'aaaaaaaaaaaaaaaa')).toBe(true);
    expect(isMarkedOpen(home, '../traces')).toBe(false);
  });

  it("a mark is this shell's when pid and start time match; a missing start time (no /proc, an older mark) leaves the pid to decide", () => {
    const mark = { spanId: 'aaaaaaaaaaaaaaaa', traceId: T, ppid: 10, ppidStart: '5000', startUs: 1 };
    expect(startedBy(mark, { ppid: 10, ppidStart: '5000' })).toBe(true);
    expect(startedBy(mark, { ppid: 10, ppidStart: '7000' })).toBe(false); // the pid reused by a later shell, or another namespace's
    expect(startedBy(mark, { ppid: 11, ppidStart: '5000' })).toBe(false);
    expect(startedBy(mark, { ppid: 10 })).toBe(true);
    expect(startedBy({ ...mark, ppidStart: undefined }, { ppid: 10, ppidStart: '7000' })).toBe(true);
  });
});
