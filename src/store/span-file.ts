import { receivedSpanProblem } from '../trace/received.ts';
import type { SpanRecord } from '../trace/span.ts';
import { decodeRequest } from './otlp-json.ts';

/** A line of a spans file that could not be read, or a span in it that could not. */
export interface RejectedLine {
  line: number;
  reason: string;
}

export interface SpanFile {
  spans: SpanRecord[];
  rejected: RejectedLine[];
}

/**
 * OTLP/JSON text: one ExportTraceServiceRequest per line (what vstrace's
 * store and its `file` exporter write, the SDK's file exporter and the
 * Collector's file exporter too), or one request spread over many lines (a
 * pretty-printed export). Lines that are not a request are rejected with
 * their number; undefined when nothing in it is OTLP/JSON at all.
 */
export function parseSpanText(text: string): SpanFile | undefined {
  const whole = wholeRequest(text);
  if (whole) return whole;
  const out: SpanFile = { spans: [], rejected: [] };
  let requests = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const number = i + 1;
    try {
      const spans = decodeRequest(JSON.parse(line), (reason) => out.rejected.push({ line: number, reason }));
      requests += 1;
      keepStorable(spans, number, out);
    } catch (error) {
      out.rejected.push({ line: number, reason: error instanceof SyntaxError ? 'not JSON' : `not an OTLP trace export (${(error as Error).message})` });
    }
  }
  return requests > 0 ? out : undefined;
}

function wholeRequest(text: string): SpanFile | undefined {
  if (!text.includes('\n', text.indexOf('{') + 1) || !text.trimStart().startsWith('{')) return undefined;
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: SpanFile = { spans: [], rejected: [] };
  try {
    keepStorable(
      decodeRequest(request, (reason) => out.rejected.push({ line: 1, reason })),
      1,
      out,
    );
  } catch {
    return undefined;
  }
  return out;
}

/** The spans the store can take into `out.spans`, the others into `out.rejected` with their line. */
export function keepStorable(spans: readonly SpanRecord[], line: number, out: SpanFile): void {
  for (const span of spans) {
    const reason = receivedSpanProblem(span);
    if (reason) out.rejected.push({ line, reason });
    else out.spans.push(span);
  }
}
