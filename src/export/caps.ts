import { join } from 'node:path';
import type { ExportSettings } from '../config/schema.ts';
import { removeQuietly, sizeOf, sweepStale } from '../fs/housekeeping.ts';
import { capLimits } from '../store/prune.ts';
import { listQueued, parseSpanFileName, spanFile } from './spool.ts';

/**
 * The spool's bounds (`export.spool`): spans older than maxAgeDays, then the
 * oldest beyond maxSizeMb, are dropped — a backend that stays down for a week
 * must not fill the disk. 0 means no cap, as for the store's caps (capLimits). The caller counts the drops in the queue's state,
 * where `vstrace flush` and `vstrace doctor` report them. Half-written temp
 * files of writers killed mid-enqueue are swept after an hour.
 */
const TMP_STALE_MS = 3_600_000;

export function enforceCaps(queue: string, caps: ExportSettings['spool'], nowUs: number): number {
  const names = listQueued(queue);
  const { beforeUs: minEndUs = Number.NEGATIVE_INFINITY, maxBytes = Number.POSITIVE_INFINITY } = capLimits(caps, nowUs);
  const drop: string[] = [];
  const kept: Array<{ name: string; size: number }> = [];
  for (const name of names) {
    const endUs = parseSpanFileName(name)?.endUs ?? 0;
    if (endUs < minEndUs) drop.push(name);
    else kept.push({ name, size: sizeOf(spanFile(queue, name)) });
  }
  let total = kept.reduce((sum, f) => sum + f.size, 0);
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
