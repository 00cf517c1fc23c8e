import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryTags } from '../../src/store/index-format.ts';
import { decodeEntries, scanRows } from '../../src/store/index-scan.ts';
import { indexPathFor, syncSegmentIndex } from '../../src/store/index-sync.ts';
import { findTraceIds, readRecords, traceEntries } from '../../src/store/indexed.ts';
import { encodeSpanLine } from '../../src/store/otlp-json.ts';
import { storedSpans } from '../support/cli.ts';
import { appendSpan } from '../../src/store/writer.ts';
import { makeSpan } from '../support/spans.ts';

const T0 = Date.parse('2026-03-10T10:00:00Z') * 1000;
let home = '';
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'vstrace-index-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const spanN = (i: number, extra: Partial<Parameters<typeof makeSpan>[0]> = {}) =>
  makeSpan({ trace: `a${i % 3}`, span: `b${i}`, type: i % 2 ? 'build' : 'test', startUs: T0 + i * 1000, durationUs: 500, tags: { service: `s${i % 2}` }, ...extra });

/** What the index says, compared with what a full parse of the segment says. */
function agree(segment: string) {
  const fromIndex = decodeEntries(syncSegmentIndex(home, segment).text).map((e) => [e.traceId, e.spanId, e.startUs, e.endUs, e.type, e.name, e.status]);
  const fromRecords = storedSpans(home).map((s) => [s.traceId, s.spanId, s.startUs, s.endUs, s.attributes['vstrace.type'] ?? '', s.name, s.status.code]);
  expect(fromIndex).toEqual(fromRecords);
  return fromIndex.length;
}

describe('the store index', () => {
  it('indexes every span with the columns lists and stats need, and catches up on appends only', () => {
    const segment = appendSpan(home, spanN(0, { exit: 2, cpu: [1.5, 0.25] }));
    const first = syncSegmentIndex(home, segment);
    const [entry] = decodeEntries(first.text);
    expect(entry).toMatchObject({ type: 'test', exitCode: 2, status: 'error', cpuSeconds: 1.75, service: 'vstrace', offset: 0 });
    expect(entryTags(entry!)).toContain('service=s0');
    expect(entryTags(entry!)).toContain('host.name=ci-1');
    for (let i = 1; i < 5; i++) appendSpan(home, spanN(i));
    const second = syncSegmentIndex(home, segment);
    expect(second.header.entries).toBe(5);
    expect(second.text.startsWith(first.text.slice(first.text.indexOf('\n')))).toBe(false); // header changed …
    expect(second.text).toContain(first.text.slice(first.text.indexOf('\n') + 1)); // … old lines kept as they were
    expect(agree(segment)).toBe(5);
  });

  it('scans the statistics columns straight from the bytes, as decoding reads them', () => {
    const segment = appendSpan(home, spanN(0, { exit: 2, cpu: [1.5, 0.25] }));
    appendSpan(home, makeSpan({ trace: 'f1', span: 'f1', startUs: T0 + 7 })); // open, no type, no CPU
    appendSpan(home, makeSpan({ trace: 'f1', span: 'f2', parent: 'f1', type: 'deploy', startUs: T0 + 9, durationUs: 123_456_789, cpu: [0.001, 0] }));
    const index = syncSegmentIndex(home, segment);
    const strings: string[] = [];
    const rows: unknown[] = [];
    scanRows(index.buffer, strings, (r) =>
      rows.push([
        r.startUs,
        r.durationUs,
        r.error,
        r.cpuSeconds,
        strings[r.typeRef] ?? null,
        strings[r.nameRef],
        index.buffer
          .toString('latin1', r.tagsFrom, r.tagsTo)
          .split(',')
          .map((ref) => strings[Number(ref)]),
      ]),
    );
    expect(rows).toEqual(
      decodeEntries(index.text).map((e) => [e.startUs, e.endUs === undefined ? -1 : e.endUs - e.startUs, e.status === 'error', e.cpuSeconds ?? Number.NaN, e.type || null, e.name, entryTags(e)]),
    );
    expect((rows[2] as unknown[]).slice(0, 5)).toEqual([T0 + 9, 123_456_789, false, 0.001, 'deploy']);
  });

  it('skips a torn line, counts it, and indexes the records around it', () => {
    const segment = appendSpan(home, spanN(0));
    appendFileSync(segment, '{"resourceSpans":[{"resource":{"attri'); // a writer died mid-line
    appendSpan(home, spanN(1)); // the next writer starts a fresh line
    const index = syncSegmentIndex(home, segment);
    expect(index.header.skipped).toBe(1);
    expect(agree(segment)).toBe(2);
  });

  it('leaves a record still being written for the next reader', () => {
    const segment = appendSpan(home, spanN(0));
    const line = encodeSpanLine(spanN(1));
    appendFileSync(segment, line.slice(0, 100));
    expect(syncSegmentIndex(home, segment).header.entries).toBe(1);
    appendFileSync(segment, line.slice(100));
    expect(syncSegmentIndex(home, segment).header.entries).toBe(2);
    expect(agree(segment)).toBe(2);
  });

  it('rebuilds a truncated, corrupt or foreign index instead of trusting it', () => {
    const segment = appendSpan(home, spanN(0));
    for (let i = 1; i < 6; i++) appendSpan(home, spanN(i));
    const path = indexPathFor(home, segment);
    const good = syncSegmentIndex(home, segment).text;
    truncateSync(path, Math.floor(good.length * 0.6)); // lost its tail
    expect(syncSegmentIndex(home, segment).text).toBe(good);
    writeFileSync(path, good.replace(/\t(\d+)\t(\d+)\n$/, '\t$1\t$2\nnot an entry\n')); // an extra line
    expect(syncSegmentIndex(home, segment).text).toBe(good);
    writeFileSync(path, 'garbage');
    expect(syncSegmentIndex(home, segment).text).toBe(good);
  });

  it('rebuilds when the segment was replaced (another inode) or shrank', () => {
    const segment = appendSpan(home, spanN(0));
    appendSpan(home, spanN(1));
    syncSegmentIndex(home, segment);
    copyFileSync(segment, `${segment}.new`);
    renameSync(`${segment}.new`, segment);
    const lines = readFileSync(segment, 'utf8').split('\n');
    writeFileSync(`${segment}.new`, `${lines[0]}\n`);
    renameSync(`${segment}.new`, segment);
    expect(agree(segment)).toBe(1);
  });

  it('finds a trace by id prefix and reads only its records, open copy and ended copy alike', () => {
    appendSpan(home, makeSpan({ trace: 'c1', span: 'e1', startUs: T0 })); // open (no end)
    for (let i = 0; i < 4; i++) appendSpan(home, spanN(i));
    appendSpan(home, makeSpan({ trace: 'c1', span: 'e1', startUs: T0, durationUs: 9000 })); // the ended copy
    const id = 'c1'.padStart(32, '0');
    const found = findTraceIds(home, id.slice(0, 31));
    expect([...found.keys()]).toEqual([id]);
    const records = readRecords(traceEntries(home, id, found.get(id)!));
    expect(records.map((r) => r.endUs === undefined)).toEqual([true, false]);
    expect(records[1]?.attributes['process.command_args']).toEqual(['sh', '-c', 'true']); // the full record, not the index's
  });
});
