import type { SpanSample } from '../stats/golden.ts';
import { NO_VALUE, type GroupBy } from '../stats/grouping.ts';
import type { Window } from '../stats/period.ts';
import { scanRows, type ScanRow } from './index-scan.ts';
import { syncSegmentIndex } from './index-sync.ts';
import type { OnSkipped } from './indexed.ts';
import { listSegments } from './reader.ts';

/**
 * Feeds every span whose start falls in a window to that window's sink
 * (accumulators for golden signals, series), straight from the index (scanRows), the group key resolved
 * once per dictionary entry or tag set of a segment. A span recorded open
 * (`vstrace start`) and later ended counts once, as ended: open rows wait
 * until the scan is over (segments are read oldest first, so the ended copy
 * always comes after its open one). Returns the earliest start seen, for
 * `--since all`.
 */
export function scanSamples(home: string, by: GroupBy, windows: readonly Window[], sinks: ReadonlyArray<(key: string, sample: SpanSample) => void>, onSkipped?: OnSkipped): number {
  const fromUs = Math.min(...windows.map((w) => w.fromUs));
  let earliestUs = Number.POSITIVE_INFINITY;
  const open = new Map<string, { sink: number; key: string; sample: SpanSample }>();
  for (const segment of listSegments(home, fromUs > 0 ? fromUs : undefined)) {
    const index = syncSegmentIndex(home, segment);
    if (index.header.skipped > 0) onSkipped?.(segment, index.header.skipped);
    const strings: string[] = [];
    const keyOf = keyResolver(by, strings, index.buffer);
    scanRows(index.buffer, strings, (row) => {
      for (let w = 0; w < windows.length; w++) {
        const window = windows[w]!;
        if (row.startUs < window.fromUs || row.startUs >= window.toUs) continue;
        if (row.startUs < earliestUs) earliestUs = row.startUs;
        if (row.durationUs < 0) {
          open.set(spanIdAt(index.buffer, row.lineStart), { sink: w, key: keyOf(row), sample: { ...row } });
          continue;
        }
        if (open.size > 0) open.delete(spanIdAt(index.buffer, row.lineStart));
        sinks[w]!(keyOf(row), row);
      }
    });
  }
  for (const { sink, key, sample } of open.values()) sinks[sink]!(key, sample);
  return earliestUs;
}

const spanIdAt = (buffer: Buffer, lineStart: number): string => buffer.toString('latin1', lineStart + 33, lineStart + 49);

/** The group key of a row, cached per ref (type/name) or per tag set (tag:KEY) within one segment. */
function keyResolver(by: GroupBy, strings: readonly string[], buffer: Buffer): (row: ScanRow) => string {
  if (by.kind === 'type') return (row) => (row.typeRef < 0 ? NO_VALUE : (strings[row.typeRef] ?? NO_VALUE));
  if (by.kind === 'name') return (row) => strings[row.nameRef] ?? NO_VALUE;
  const prefix = `${by.key}=`;
  const cache = new Map<string, string>();
  return (row) => {
    const refs = buffer.toString('latin1', row.tagsFrom, row.tagsTo);
    let key = cache.get(refs);
    if (key === undefined) {
      key = NO_VALUE;
      for (const ref of refs.split(',')) {
        const pair = strings[Number(ref)];
        if (pair?.startsWith(prefix)) key = pair.slice(prefix.length);
      }
      cache.set(refs, key);
    }
    return key;
  };
}
