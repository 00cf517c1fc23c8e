import { readdirSync, type Dirent } from 'node:fs';
import { readStoreText } from '../fs/store-read.ts';
import { warnOnce } from '../warn.ts';
import { join } from 'node:path';
import type { SpanRecord } from '../trace/span.ts';
import { decodeLine } from './otlp-json.ts';
import { SEGMENT, TRACES_DIR, utcDay } from './location.ts';

export interface ReadOptions {
  /** Only segments that can hold spans ending at or after this time. */
  sinceUs?: number;
  /** Called once per file that had unreadable lines (never fatal). */
  onSkipped?: (file: string, lines: number) => void;
}

/**
 * Segment files, oldest first. A missing store is simply empty. Only regular
 * files count: a FIFO, device or symlink planted under a segment's name is
 * skipped with a warning (reading it could hang, or read another file).
 */
export function listSegments(home: string, sinceUs?: number): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(home, TRACES_DIR), { withFileTypes: true });
  } catch {
    return [];
  }
  const sinceDay = sinceUs === undefined ? '' : utcDay(sinceUs);
  const names: string[] = [];
  for (const entry of entries) {
    if (!SEGMENT.test(entry.name)) continue;
    if (entry.isFile()) names.push(entry.name);
    else warnOnce(`odd ${entry.name}`, `skipped ${join(home, TRACES_DIR, entry.name)}: not a regular file (remove it)`);
  }
  return names
    .filter((name) => name.slice(0, 10) >= sinceDay)
    .sort()
    .map((name) => join(home, TRACES_DIR, name));
}

/** Decodes one segment; a truncated or garbage line (a crash, a full disk) is counted and skipped. */
export function readSegment(file: string, onSkipped?: ReadOptions['onSkipped']): SpanRecord[] {
  let text: string;
  try {
    text = readStoreText(file);
  } catch {
    return [];
  }
  const spans: SpanRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      spans.push(...decodeLine(line));
    } catch {
      skipped += 1;
    }
  }
  if (skipped > 0) onSkipped?.(file, skipped);
  return spans;
}
