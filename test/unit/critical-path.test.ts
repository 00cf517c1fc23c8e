import { describe, expect, it } from 'vitest';
import { criticalPath } from '../../src/trace/critical-path.ts';
import type { SpanRecord } from '../../src/trace/span.ts';
import { groupTraces } from '../../src/trace/traces.ts';
import { elideRows } from '../../src/view/elide.ts';
import { treeRows } from '../../src/trace/traces.ts';

const T = 'c'.repeat(32);
const span = (id: string, parent: string | undefined, startUs: number, endUs: number | undefined): SpanRecord => ({
  traceId: T,
  spanId: id,
  ...(parent ? { parentSpanId: parent } : {}),
  name: id,
  startUs,
  ...(endUs !== undefined ? { endUs } : {}),
  status: { code: 'unset' },
  attributes: {},
  resource: {},
});
const path = (spans: SpanRecord[], nowUs = 0) => criticalPath(groupTraces(spans)[0]!, nowUs).map((s) => [s.spanId, s.startUs, s.endUs]);

describe('critical path', () => {
  it('follows the child that finished last, then what ended before it started; gaps are the parent’s own time', () => {
    // root 0–100: lint 5–30 and build 10–60 run in parallel, test 60–90 after build; build has compile 20–55
    const spans = [span('root', undefined, 0, 100), span('lint', 'root', 5, 30), span('build', 'root', 10, 60), span('compile', 'build', 20, 55), span('test', 'root', 60, 90)];
    expect(path(spans)).toEqual([
      ['root', 0, 10],
      ['build', 10, 20],
      ['compile', 20, 55],
      ['build', 55, 60],
      ['test', 60, 90],
      ['root', 90, 100],
    ]);
  });

  it('skips a child that overlaps the one already on the path (it was not waited for)', () => {
    // b 40–80 is on the path; a 10–50 ends after b starts, so the root's own time covers 0–40
    expect(path([span('r', undefined, 0, 80), span('a', 'r', 10, 50), span('b', 'r', 40, 80)])).toEqual([
      ['r', 0, 40],
      ['b', 40, 80],
    ]);
  });

  it('clips children to their parent, drops those that start after it ended, and ends open spans at now', () => {
    const spans = [span('r', undefined, 0, 50), span('late', 'r', 60, 70), span('over', 'r', 30, 90), span('open', 'over', 35, undefined)];
    expect(path(spans, 45)).toEqual([
      ['r', 0, 30],
      ['over', 30, 35],
      ['open', 35, 45],
      ['over', 45, 50],
    ]);
  });

  it('covers the root exactly, once, on a deep chain and on a wide fan (no recursion, zero-length spans terminate)', () => {
    const deep = [span('0', undefined, 0, 200_000)];
    for (let i = 1; i < 50_000; i++) deep.push(span(String(i), String(i - 1), i, 200_000 - i));
    const wide = [span('w', undefined, 0, 1000), ...Array.from({ length: 2000 }, (_, i) => span(`k${i}`, 'w', i % 7, i % 7))];
    for (const spans of [deep, wide]) {
      const sections = criticalPath(groupTraces(spans)[0]!, 0);
      const root = spans[0]!;
      expect(sections.reduce((n, s) => n + (s.endUs - s.startUs), 0)).toBe(root.endUs! - root.startUs);
      expect(sections.filter((s, i) => i > 0 && s.startUs !== sections[i - 1]!.endUs)).toEqual([]);
    }
  });

  it('keeps the spans on the path when a big trace folds', () => {
    // 20 slow siblings started early, then one that ends last, then 20 quick ones: the root waited for the middle one, though it is neither first, last nor among the slowest
    const spans = [span('r', undefined, 0, 6_000), span('waited', 'r', 3_000, 6_000)];
    for (let i = 0; i < 20; i++) spans.push(span(`slow${i}`, 'r', i * 10, i * 10 + 5_000), span(`quick${i}`, 'r', 3_010 + i * 10, 3_110 + i * 10));
    const trace = groupTraces(spans)[0]!;
    const onPath = new Set(criticalPath(trace, 0).map((s) => s.spanId));
    const shown = elideRows(treeRows(trace), 10, 0, (s) => onPath.has(s.spanId));
    expect(shown.flatMap((r) => ('span' in r ? [r.span.spanId] : []))).toContain('waited');
    expect(elideRows(treeRows(trace), 10, 0).flatMap((r) => ('span' in r ? [r.span.spanId] : []))).not.toContain('waited');
  });
});
