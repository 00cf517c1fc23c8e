import { durationUs, type SpanRecord } from '../trace/span.ts';
import { formatDuration, printable } from './format.ts';

/** The duration column: a duration, or "open" for a span not yet ended. */
export function describeSpanEnd(span: SpanRecord, nowUs: number): string {
  return span.endUs === undefined ? `open ${formatDuration(durationUs(span, nowUs))}` : formatDuration(durationUs(span));
}

/** What went wrong, in a few characters: `✗ exit 2`, `✗ SIGTERM`, or the status message. */
export function spanMarks(span: SpanRecord): string {
  if (span.status.code !== 'error') return '';
  const code = span.attributes['process.exit.code'];
  const signal = span.attributes.signal;
  if (typeof signal === 'string') return `✗ ${signal}`;
  if (typeof code === 'number') return `✗ exit ${code}`;
  return `✗ ${printable(span.status.message ?? 'error')}`;
}
