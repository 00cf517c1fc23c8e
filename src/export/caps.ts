import { join } from 'node:path';
import type { ExportSettings } from '../config/settings.ts';
import { removeQuietly, sizeOf, sweepStale } from '../store/fs-quiet.ts';
import { listQueued, parseSpanFileName, spanFile } from './spool.ts';

/**
 * The spool's bounds (`export.spool`): spans older than maxAgeDays, then the
 * oldest beyond maxSizeMb, are dropped — a backend that stays down for a week
 * must not fill the disk. 0 means no cap, as for the store's caps. The caller counts the drops in the queue's state,
 * where `vstrace flush` and `vstrace doctor` report them. Half-written temp
 * files of writers killed mid-enqueue are swept after an hour.
 */
const DAY_US = 86_400_000_000;
const TMP_STALE_MS = 3_600_000;

export function enforceCaps(queue: string, caps: ExportSettings['spool'], nowUs: number): number {
  const names = listQueued(queue);
  const minEndUs = caps.maxAgeDays > 0 ? nowUs - caps.maxAgeDays * DAY_US : Number.NEGATIVE_INFINITY;
  const drop: string[] = [];
  const kept: Array<{ name: string; size: number }> = [];
  for (const name of names) {
    const endUs = parseSpanFileName(name)?.endUs ?? 0;
    if (endUs < minEndUs) drop.push(name);
    else kept.push({ name, size: sizeOf(spanFile(queue, name)) });
  }
  let total = kept.reduce((sum, f) => sum + f.size, 0);
  const maxBytes = caps.maxSizeMb > 0 ? caps.maxSizeMb * 1024 * 1024 : Number.POSITIVE_INFINITY;
  for (const file of kept) {
    if (total <= maxBytes) break;
    drop.push(file.name);
    total -= file.size;
  }
  // a span a flusher delivered meanwhile is not a drop
  const dropped = drop.filter((name) => removeQuietly(spanFile(queue, name))).length;
  sweepStale(join(queue, 'tmp'), TMP_STALE_MS, Date.now());
  return dropped;
}
