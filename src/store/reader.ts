import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpanRecord } from '../trace/span.ts';
import { decodeLine } from './otlp-json.ts';
import { SEGMENT, TRACES_DIR } from './location.ts';

export interface ReadOptions {
  /** Only segments that can hold spans ending at or after this time. */
  sinceUs?: number;
  /** Called once per file that had unreadable lines (never fatal). */
  onSkipped?: (file: string, lines: number) => void;
}

/** Segment files, oldest first. A missing store is simply empty. */
export function listSegments(home: string, sinceUs?: number): string[] {
  let names: string[];
  try {
    names = readdirSync(join(home, TRACES_DIR));
  } catch {
    return [];
  }
  const sinceDay = sinceUs === undefined ? '' : new Date(Math.floor(sinceUs / 1000)).toISOString().slice(0, 10);
  return names
    .filter((name) => SEGMENT.test(name) && name.slice(0, 10) >= sinceDay)
    .sort()
    .map((name) => join(home, TRACES_DIR, name));
}

/** Decodes one segment; a truncated or garbage line (a crash, a full disk) is counted and skipped. */
export function readSegment(file: string, onSkipped?: ReadOptions['onSkipped']): SpanRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
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
