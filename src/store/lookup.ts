import type { SpanContext } from '../trace/context.ts';
import { listSegments, readSegment } from './reader.ts';
import { readFileSync } from 'node:fs';

/**
 * Finds a recorded span by id, newest segments first. A plain substring test
 * skips files that cannot hold it before anything is parsed.
 */
export function findSpanContext(home: string, spanId: string): SpanContext | undefined {
  const needle = `"spanId":"${spanId}"`;
  for (const file of listSegments(home).reverse()) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes(needle)) continue;
    const span = readSegment(file).find((s) => s.spanId === spanId);
    if (span) return { traceId: span.traceId, spanId: span.spanId, flags: '01', ...(span.traceState ? { traceState: span.traceState } : {}) };
  }
  return undefined;
}
