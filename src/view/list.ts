import { quote } from '../errors.ts';
import { formatPeriod } from '../stats/period.ts';
import type { TraceSummary } from '../trace/traces.ts';
import { fit, formatDuration, formatLocalTime, type Palette, printable } from './format.ts';

const EMPTY_STORE = 'No traces yet. Record one with: vstrace run -- <command>';

/** `ls`'s filters as flags, the period (µs) as a duration. */
export interface ListFilters {
  since?: number;
  type?: string;
  tags?: ReadonlyArray<readonly [string, string]>;
  status?: string;
}

/**
 * The filters as they could have been given, `--type deploy --tag service=api`;
 * empty when none narrows the list (`--since all` does not).
 */
export function describeFilters(f: ListFilters): string {
  const flags: string[] = [];
  if (f.since !== undefined && Number.isFinite(f.since)) flags.push(`--since ${formatPeriod(f.since)}`);
  if (f.type !== undefined) flags.push(`--type ${shellWord(f.type)}`);
  for (const [key, value] of f.tags ?? []) flags.push(`--tag ${shellWord(`${key}=${value}`)}`);
  if (f.status !== undefined) flags.push(`--status ${f.status}`);
  return flags.join(' ');
}

/** An empty list from a store that holds traces: nothing passed the filters, and they are named. */
export const noMatch = (filters: string): string => `No traces match ${filters}. Without them, vstrace ls lists the newest.`;

const shellWord = (text: string): string => (/^[\w.,:/@=+-]+$/.test(text) ? text : quote(text));

/** The JSON shape of one `ls` row: stable, for scripts. */
export function traceRow(trace: TraceSummary) {
  const type = trace.root.attributes['vstrace.type'];
  return {
    traceId: trace.traceId,
    name: trace.root.name,
    type: typeof type === 'string' ? type : null,
    start: new Date(Math.floor(trace.startUs / 1000)).toISOString(),
    durationMs: trace.endUs === undefined ? null : (trace.endUs - trace.startUs) / 1000,
    spans: trace.spans.length,
    errors: trace.errorCount,
    status: trace.openCount > 0 ? 'open' : trace.errorCount > 0 ? 'error' : 'ok',
    service: String(trace.root.resource['service.name'] ?? ''),
  };
}

export function renderTraceList(traces: readonly TraceSummary[], palette: Palette): string {
  if (traces.length === 0) return EMPTY_STORE;
  const header = `${fit('TRACE', 10)} ${fit('NAME', 36)} ${fit('TYPE', 10)} ${fit('START', 19)} ${'DURATION'.padStart(9)} ${'SPANS'.padStart(5)} ${fit('STATUS', 7)} SERVICE`;
  const lines = traces.map((trace) => {
    const row = traceRow(trace);
    const status = row.status === 'error' ? palette.red(fit('error', 7)) : row.status === 'open' ? palette.dim(fit('open', 7)) : fit('ok', 7);
    return [
      palette.dim(trace.traceId.slice(0, 10)),
      fit(row.name, 36),
      fit(row.type ?? '', 10),
      formatLocalTime(trace.startUs),
      (row.durationMs === null ? 'open' : formatDuration(row.durationMs * 1000)).padStart(9),
      String(row.spans).padStart(5),
      status,
      printable(row.service),
    ].join(' ');
  });
  return [palette.bold(header), ...lines].join('\n');
}
