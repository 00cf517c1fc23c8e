import type { SpanRecord } from '../trace/span.ts';
import { fit, formatDuration, type Palette } from './format.ts';

/** Local time of day to the millisecond: `14:33:42.114`. */
function timeOfDay(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

const statusOf = (span: SpanRecord): 'ok' | 'error' => (span.status.code === 'error' ? 'error' : 'ok');

/** One ended span as `tail` prints it: when it ended, its trace, service, name, duration and status. */
export function tailLine(span: SpanRecord, palette: Palette): string {
  const status = statusOf(span);
  return [
    timeOfDay(span.endUs ?? span.startUs),
    palette.dim(span.traceId.slice(0, 10)),
    fit(String(span.resource['service.name'] ?? ''), 14),
    fit(span.name, 40),
    formatDuration((span.endUs ?? span.startUs) - span.startUs).padStart(8),
    status === 'error' ? palette.red(status) : status,
  ].join(' ');
}

/** The JSON shape of one `tail --json` line: stable, for scripts. */
export function tailRow(span: SpanRecord) {
  const type = span.attributes['vstrace.type'];
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? null,
    name: span.name,
    type: typeof type === 'string' ? type : null,
    service: String(span.resource['service.name'] ?? ''),
    start: new Date(Math.floor(span.startUs / 1000)).toISOString(),
    durationMs: ((span.endUs ?? span.startUs) - span.startUs) / 1000,
    status: statusOf(span),
  };
}
