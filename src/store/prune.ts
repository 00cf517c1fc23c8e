import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeQuietly, sizeOf, sweepStale } from '../fs/housekeeping.ts';
import { NESTED_CPU_DIR } from './nested-cpu.ts';
import { deploymentsPathFor, indexPathFor, INDEX_DIR } from './index-sync.ts';
import { MAKE_DIR, SEGMENT, segmentName, TRACES_DIR, utcDay } from './location.ts';
import { openMarks } from './open-marks.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { DIR_MODE } from '../fs/modes.ts';
import { writePrivate } from '../fs/private-write.ts';

const DAY_US = 86_400e6;

export interface PruneLimits {
  /** Segments whose every span ended before this time go. */
  beforeUs?: number;
  /** Then the oldest segments go until the store is at most this big. */
  maxBytes?: number;
}

export interface PruneResult {
  removed: string[];
  freedBytes: number;
  keptBytes: number;
  /** Days kept although due, because they hold the record of a span still open (`vstrace end` needs it). */
  keptOpen: string[];
}

/**
 * Retention works on whole segments (one per UTC day), so pruning is a few
 * unlinks, never a rewrite: a segment holds spans that ended on its day, so
 * it goes once the day after it began is older than the cut-off. Today's
 * segment is never removed. A segment's index goes with it. A segment holding
 * the record of a span still open (started, not yet ended) stays until the
 * span ends: `vstrace end` finds the span there.
 */
export function pruneStore(home: string, limits: PruneLimits, nowUs: number): PruneResult {
  const dir = join(home, TRACES_DIR);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => SEGMENT.test(n))
      .sort();
  } catch {
    return { removed: [], freedBytes: 0, keptBytes: 0, keptOpen: [] };
  }
  const openDays = new Set(openMarks(home).map((m) => segmentName(m.startUs)));
  const keptOpen: string[] = [];
  const today = utcDay(nowUs);
  const segments = names.map((name) => ({ name, path: join(dir, name), bytes: sizeOf(join(dir, name)) + sizeOf(indexPathFor(home, name)) }));
  let total = segments.reduce((sum, s) => sum + s.bytes, 0);
  const removed: string[] = [];
  let freedBytes = 0;
  for (const segment of segments) {
    if (segment.name.slice(0, 10) >= today) break;
    const dayEndUs = Date.parse(`${segment.name.slice(0, 10)}T00:00:00Z`) * 1000 + DAY_US;
    const tooOld = limits.beforeUs !== undefined && dayEndUs <= limits.beforeUs;
    const tooBig = limits.maxBytes !== undefined && total > limits.maxBytes;
    if (!tooOld && !tooBig) break;
    if (openDays.has(segment.name)) {
      keptOpen.push(segment.path);
      continue;
    }
    removeQuietly(segment.path);
    removeQuietly(indexPathFor(home, segment.name));
    removeQuietly(deploymentsPathFor(home, segment.name));
    removed.push(segment.path);
    freedBytes += segment.bytes;
    total -= segment.bytes;
  }
  return { removed, freedBytes, keptBytes: total, keptOpen };
}

/** The configured caps (store.maxAgeDays, store.maxSizeMb) as limits: 0 means no cap. */
export function capLimits(caps: { maxAgeDays: number; maxSizeMb: number }, nowUs: number): PruneLimits {
  return {
    ...(caps.maxAgeDays > 0 ? { beforeUs: nowUs - caps.maxAgeDays * DAY_US } : {}),
    ...(caps.maxSizeMb > 0 ? { maxBytes: caps.maxSizeMb * 1024 * 1024 } : {}),
  };
}

const MARKER = '.last-prune';

/**
 * The configured caps, applied at most once a UTC day, by whichever reader
 * (ls, show, stats, report) comes first: a readdir and a few stats, never on
 * the run path. Returns what went, or undefined when it was not due.
 */
export function autoPrune(home: string, caps: { maxAgeDays: number; maxSizeMb: number }, nowUs: number): PruneResult | undefined {
  const today = utcDay(nowUs);
  const marker = join(home, INDEX_DIR, MARKER);
  try {
    if (readFileSync(marker, 'utf8').trim() === today) return undefined;
  } catch {
    /* never pruned yet */
  }
  const result = pruneStore(home, capLimits(caps, nowUs), nowUs);
  // index files a reader began and never renamed into place (it was killed mid-write)
  sweepStale(join(home, INDEX_DIR), 3_600_000, nowUs / 1000, (name) => name.endsWith('.tmp'));
  // CPU left by nested runs for a parent that was not a run (a start span, a CI job): nobody takes it
  sweepStale(join(home, NESTED_CPU_DIR), 86_400_000, nowUs / 1000);
  // a make group's ledger whose watcher died (a reboot mid-make): its lines keep their trace, the make span is lost
  sweepStale(join(home, MAKE_DIR), 86_400_000, nowUs / 1000);
  try {
    if (result.keptBytes + result.freedBytes === 0) return result; // no store yet: leave no trace of ourselves
    makeDirs(join(home, INDEX_DIR), DIR_MODE);
    writePrivate(marker, `${today}\n`);
  } catch {
    /* a read-only store: try again next time */
  }
  return result;
}
