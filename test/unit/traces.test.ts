import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/trace/span.ts';
import { groupTraces, treeRows, withRecord } from '../../src/trace/traces.ts';
import { renderWaterfall } from '../../src/view/waterfall.ts';
import { PLAIN } from '../../src/view/format.ts';

const T = 'a'.repeat(32);
const span = (spanId: string, parentSpanId: string | undefined, startUs: number, endUs: number | undefined, extra: Partial<SpanRecord> = {}): SpanRecord => ({
  traceId: T,
  spanId: spanId.padStart(16, '0'),
  ...(parentSpanId ? { parentSpanId: parentSpanId.padStart(16, '0') } : {}),
  name: `span ${spanId}`,
  startUs,
  ...(endUs !== undefined ? { endUs } : {}),
  status: { code: 'unset' },
  attributes: {},
  resource: {},
  ...extra,
});

describe('traces', () => {
  const spans = [
    span('1', undefined, 0, 1_000_000),
    span('3', '1', 500_000, 900_000, { status: { code: 'error', message: 'exit code 1' }, attributes: { 'process.exit.code': 1 } }),
    span('2', '1', 100_000, 400_000),
    span('4', '2', 150_000, 300_000),
    span('5', 'f', 950_000, 990_000),
  ];

  it('groups by trace, finds the root, counts errors', () => {
    const [trace] = groupTraces(spans);
    expect(trace?.root.spanId).toBe('1'.padStart(16, '0'));
    expect(trace?.errorCount).toBe(1);
    expect(trace?.endUs).toBe(1_000_000);
  });

  it('orders rows depth-first by start, orphans after the root tree', () => {
    const [trace] = groupTraces(spans);
    expect(treeRows(trace!).map((r) => [r.span.name, r.depth])).toEqual([
      ['span 1', 0],
      ['span 2', 1],
      ['span 4', 2],
      ['span 3', 1],
      ['span 5', 0],
    ]);
  });

  it('keeps the ended copy when a span was recorded open and then ended', () => {
    const [trace] = groupTraces([span('1', undefined, 0, undefined), span('1', undefined, 0, 50)]);
    expect(trace?.spans).toHaveLength(1);
    expect(trace?.openCount).toBe(0);
  });

  it("withRecord swaps in a span's full record, unless it is missing or an open copy of an ended span", () => {
    const [trace] = groupTraces(spans);
    const full = { ...trace!.root, attributes: { team: 'infra' } };
    const swapped = withRecord(trace!, full);
    expect(swapped.root).toBe(full);
    expect(swapped.spans.filter((s) => s === full)).toHaveLength(1);
    expect({ ...swapped, root: null, spans: swapped.spans.length }).toEqual({ ...trace!, root: null, spans: trace!.spans.length });
    expect(withRecord(trace!, undefined)).toBe(trace);
    expect(withRecord(trace!, { ...full, endUs: undefined })).toBe(trace);
    expect(withRecord(trace!, span('9', undefined, 0, 1))).toBe(trace);
  });

  it('folding keeps the first, the last and, among equally slow siblings, the earliest', () => {
    const siblings = Array.from({ length: 12 }, (_, i) => span(String(i + 2), '1', i * 10, i * 10 + 5));
    const [trace] = groupTraces([span('1', undefined, 0, 1_000), ...siblings]);
    const names = renderWaterfall(trace!, { width: 80, palette: PLAIN, nowUs: 2_000, maxRows: 5 })
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/ {2,}/)[0]);
    expect(names).toEqual(['span 1', 'span 2', 'span 3', 'span 4', '⋯ 7 more like span 5', 'span 12', 'span 13']);
  });

  it('draws a waterfall with bars on the trace time axis', () => {
    const [trace] = groupTraces(spans);
    const text = renderWaterfall(trace!, { width: 80, palette: PLAIN, nowUs: 2_000_000 }).split('\n').slice(1).join('\n');
    expect(text).toMatchInlineSnapshot(`
      "span 1                       ████████████████████████████    1.00s
        span 2                       ████████                      300ms
          span 4                       ████                        150ms
        span 3                                   ███████████       400ms ✗ exit 1
      span 5                                                 █      40ms"
    `);
  });
});
