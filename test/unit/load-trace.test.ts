import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTrace } from '../../src/store/queries.ts';
import { findTraceIds, readRecords, traceEntries } from '../../src/store/indexed.ts';
import { appendSpan } from '../../src/store/writer.ts';
import { tempDir } from '../support/env.ts';
import { makeSpan } from '../support/spans.ts';

const DAY_US = 86_400_000_000;
const T0 = Date.parse('2026-03-10T22:00:00Z') * 1000;
const P = 'b7ad6b7169203331c0ffee0123456789';
let home = '';
let cleanup = () => {};
beforeEach(() => ({ path: home, cleanup } = tempDir('vstrace-load-')));
afterEach(() => cleanup());

/** A pipeline that began two days before it ended: its spans lie in three day segments, among other traces. */
function storeSpanningTrace(): void {
  appendSpan(home, makeSpan({ trace: 'a0', span: 'd1', name: 'older trace', startUs: T0 - DAY_US, durationUs: 1000 }));
  appendSpan(home, makeSpan({ trace: P, span: 'c1', parent: 'f0', name: 'day one', startUs: T0 + 1000, durationUs: 1000 }));
  appendSpan(home, makeSpan({ trace: P, span: 'f0', name: 'pipeline', startUs: T0 })); // its open record
  appendSpan(home, makeSpan({ trace: 'a1', span: 'd2', name: 'began before the pipeline, ended on day two', startUs: T0 - 1000, durationUs: DAY_US }));
  appendSpan(home, makeSpan({ trace: P, span: 'c2', parent: 'f0', name: 'day two', type: 'build', startUs: T0 + DAY_US + 5000, durationUs: 1000, exit: 3 }));
  appendSpan(home, makeSpan({ trace: P, span: 'c3', parent: 'c2', name: 'day three', startUs: T0 + 2 * DAY_US, durationUs: 1000 }));
  appendSpan(home, makeSpan({ trace: P, span: 'f0', name: 'pipeline', startUs: T0, durationUs: 2 * DAY_US + 10_000, tags: { team: 'infra' } }));
}

const shape = (ref: string, full = false) => {
  const { trace } = loadTrace(home, ref, full);
  return { traceId: trace.traceId, root: [trace.root.name, trace.root.endUs], names: trace.spans.map((s) => s.name).sort(), errors: trace.errorCount, open: trace.openCount };
};

describe('loadTrace', () => {
  it('last: the trace whose root began last, whole across the day segments it spans, its ended root record winning', () => {
    storeSpanningTrace();
    appendSpan(home, makeSpan({ trace: 'a2', span: 'd3', name: 'a later root', startUs: T0 + 2 * DAY_US + 500, durationUs: 10 }));
    expect(shape('last')).toEqual({ traceId: 'a2'.padStart(32, '0'), root: ['a later root', T0 + 2 * DAY_US + 510], names: ['a later root'], errors: 0, open: 0 });
  });

  it('by id, by prefix and as last: the same trace, all four spans from three segments, with the full root record', () => {
    storeSpanningTrace();
    const expected = { traceId: P, root: ['pipeline', T0 + 2 * DAY_US + 10_000], names: ['day one', 'day three', 'day two', 'pipeline'], errors: 1, open: 0 };
    expect(shape('last')).toEqual(expected);
    expect(shape(P)).toEqual(expected);
    expect(shape(P.slice(0, 8).toUpperCase())).toEqual(expected);
    expect(shape('last', true)).toEqual(expected);
    expect(loadTrace(home, 'last').trace.root.attributes.team).toBe('infra'); // read from the segment, not the index
  });

  it("a span's tags come from its index entry, without the root's resource attributes", () => {
    storeSpanningTrace();
    const { trace, attributesOf } = loadTrace(home, 'last');
    const dayTwo = trace.spans.find((s) => s.name === 'day two')!;
    expect(attributesOf(dayTwo)).toMatchObject({ 'vstrace.type': 'build', 'process.exit.code': 3 });
  });

  it('a segment pruned between finding a trace and reading its records gives no records, and no error', () => {
    storeSpanningTrace();
    const parts = traceEntries(home, P, findTraceIds(home, P).get(P)!);
    expect(readRecords(parts)).toHaveLength(5); // the root's open and ended copies, three children
    rmSync(parts[0]!.segment);
    expect(
      readRecords(parts)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['day three', 'day two', 'pipeline']);
  });
});
