import { plural } from '../../plural.ts';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe as describeError, VstraceError } from '../../errors.ts';
import { loadChunk } from '../../chunks.ts';
import type { ReportData, ReportRow, ReportTrace } from '../../report/data.ts';
import { SeriesAccumulator } from '../../stats/series.ts';
import type { Env } from '../../trace/carrier.ts';
import { traceStatus } from '../../trace/filter.ts';
import { criticalPath } from '../../trace/critical-path.ts';
import type { SpanRecord } from '../../trace/span.ts';
import { treeRows, type TraceSummary } from '../../trace/traces.ts';
import { elideRows, type WaterfallRow } from '../../view/elide.ts';
import { spanMarks } from '../../view/span-end.ts';
import { traceUrl } from '../../view/trace-url.ts';
import { goldenReport } from '../stats/action.ts';
import { REPORT_SECTIONS } from './sections.ts';
import { readerSettings, recentTracesWithRecords, spanKey } from '../../store/queries.ts';

export interface ReportOptions {
  since: number;
  out: string;
}

const RECENT = 60;
const ROWS = 150;
const HOUR_US = 3_600e6;
const DAY_US = 86_400e6;

const distinct = (values: ReadonlyArray<unknown>): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];

/** A trace's waterfall rows (the spans on its critical path never fold away) and each span's part of that path, as offsets from the trace start. */
function traceRows(trace: TraceSummary, nowUs: number): { rows: WaterfallRow[]; critical: Map<string, Array<[number, number]>> } {
  const critical = new Map<string, Array<[number, number]>>();
  for (const s of criticalPath(trace, nowUs)) {
    const list = critical.get(s.spanId) ?? [];
    list.push([s.startUs - trace.startUs, s.endUs - trace.startUs]);
    critical.set(s.spanId, list);
  }
  return { rows: elideRows(treeRows(trace), ROWS, nowUs, (span) => critical.has(span.spanId)), critical };
}

function reportTrace(trace: TraceSummary, shown: ReturnType<typeof traceRows>, records: Map<string, SpanRecord>, url: string | undefined): ReportTrace {
  const type = trace.root.attributes['vstrace.type'];
  const rows: ReportRow[] = shown.rows.map((row) => {
    if ('folded' in row) {
      const f = row.folded;
      const note = `⋯ ${f.count} more${f.spans > f.count ? ` (${f.spans} spans)` : ''} like ${f.sample}${f.errors ? `, ${f.errors} failed` : ''}`;
      return { name: note, depth: row.depth, offsetUs: f.startUs - trace.startUs, durationUs: f.endUs - f.startUs, error: f.errors > 0, note: '', folded: true };
    }
    const { span } = row;
    const record = records.get(spanKey(span));
    const critical = shown.critical.get(span.spanId);
    return {
      name: span.name,
      depth: row.depth,
      offsetUs: span.startUs - trace.startUs,
      durationUs: span.endUs === undefined ? null : span.endUs - span.startUs,
      error: span.status.code === 'error',
      note: spanMarks(span),
      // the index's copy when the record is gone (pruned between the two reads): its times, status and type still stand
      record: record ?? span,
      ...(critical ? { critical } : {}),
    };
  });
  return {
    traceId: trace.traceId,
    name: trace.root.name,
    type: typeof type === 'string' ? type : null,
    startUs: trace.startUs,
    durationUs: trace.endUs === undefined ? null : trace.endUs - trace.startUs,
    spans: trace.spans.length,
    status: traceStatus(trace),
    service: String(trace.root.resource['service.name'] ?? ''),
    types: distinct(trace.spans.map((s) => s.attributes['vstrace.type'])),
    services: distinct(trace.spans.map((s) => s.resource['service.name'])),
    ...(url ? { url } : {}),
    rows,
  };
}

/** Gathers the figures from the index and hands them to the report chunk (loaded only here). */
export function reportCommand(options: ReportOptions, env: Env, cwd: string, nowUs: number): string {
  const settings = readerSettings(env);
  const { home } = settings.store;
  const finite = Number.isFinite(options.since);
  const bucket = finite && options.since < 2 * DAY_US ? 'hour' : 'day';
  const series = new SeriesAccumulator(finite ? nowUs - options.since : 0, bucket === 'hour' ? HOUR_US : DAY_US);
  const golden = goldenReport(home, { kind: 'type' }, options.since, false, nowUs, series);
  const recent = recentTracesWithRecords(home, finite ? { sinceUs: nowUs - options.since } : {}, RECENT);
  const shown = recent.traces.map((t) => traceRows(t, nowUs));
  // one read for every span shown: the index keeps no command, host, git or CI attributes
  const records = recent.records(shown.flatMap(({ rows }) => rows.flatMap((row) => ('span' in row ? [row.span] : []))));
  const data: ReportData = {
    generatedUs: nowUs,
    fromUs: golden.window.fromUs,
    toUs: golden.window.toUs,
    days: (golden.window.toUs - golden.window.fromUs) / DAY_US,
    bucket,
    types: golden.groups.map(({ durations, ...stats }) => ({ stats, durations, series: series.finish(stats.key) })),
    sections: REPORT_SECTIONS.flatMap((section) => section({ home, env, fromUs: golden.window.fromUs, toUs: golden.window.toUs, nowUs }) ?? []),
    traces: recent.traces.map((t, i) => reportTrace(t, shown[i]!, records, traceUrl(settings.export.uiUrl, settings.export.exporter, t.traceId))),
  };
  const { renderReport } = loadChunk<{ renderReport: (d: ReportData) => string }>('report');
  const path = resolve(cwd, options.out);
  try {
    writeFileSync(path, renderReport(data));
  } catch (error) {
    throw new VstraceError('STORE', `cannot write the report to ${path}: ${describeError(error)}`);
  }
  return `Wrote ${path}: ${plural(data.types.length, 'type')}, ${plural(data.traces.length, 'recent trace')}.`;
}
