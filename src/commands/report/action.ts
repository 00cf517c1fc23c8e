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

/** Sections sorted and joined across gaps under `gap` µs (a fifth of a pixel at 100 px per 10 %): ten thousand steps draw as a few lines. */
function merged(sections: Array<[number, number]>, gap: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [from, to] of sections.sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && from - last[1] <= gap) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** A span deciding this share of the trace's time or more is never folded away. */
const KEEP_CRITICAL_SHARE = 0.01;

/**
 * A trace's waterfall rows and their part of its critical path, as offsets
 * from the trace start: a span's own sections, and on a folded row those of
 * the spans it hides. Spans that decided 1 % of the trace's time or more are
 * never folded; a chain of ten thousand short steps still folds, its path drawn
 * on the folded row.
 */
function traceRows(trace: TraceSummary, nowUs: number): { rows: WaterfallRow[]; critical: Map<WaterfallRow, Array<[number, number]>> } {
  const bySpan = new Map<string, Array<[number, number]>>();
  let total = 0;
  for (const s of criticalPath(trace, nowUs)) {
    const list = bySpan.get(s.spanId) ?? [];
    list.push([s.startUs - trace.startUs, s.endUs - trace.startUs]);
    bySpan.set(s.spanId, list);
    total += s.endUs - s.startUs;
  }
  const weight = (spanId: string) => (bySpan.get(spanId) ?? []).reduce((n, [from, to]) => n + to - from, 0);
  const all = treeRows(trace);
  const rows = elideRows(all, ROWS, nowUs, (span) => weight(span.spanId) >= KEEP_CRITICAL_SHARE * total && bySpan.has(span.spanId));
  // rows keep treeRows' order, so a folded row hides exactly the spans between its shown neighbours
  const shown = new Set(rows.flatMap((row) => ('span' in row ? [row.span] : [])));
  const critical = new Map<WaterfallRow, Array<[number, number]>>();
  let at = 0;
  for (const row of rows) {
    if ('span' in row) {
      while (at < all.length && all[at]!.span !== row.span) at += 1;
      at += 1;
      const own = bySpan.get(row.span.spanId);
      if (own) critical.set(row, own);
      continue;
    }
    const hidden: Array<[number, number]> = [];
    for (; at < all.length && !shown.has(all[at]!.span); at += 1) hidden.push(...(bySpan.get(all[at]!.span.spanId) ?? []));
    if (hidden.length > 0) critical.set(row, merged(hidden, total * 0.002));
  }
  return { rows, critical };
}

function reportTrace(trace: TraceSummary, shown: ReturnType<typeof traceRows>, records: Map<string, SpanRecord>, url: string | undefined): ReportTrace {
  const type = trace.root.attributes['vstrace.type'];
  const rows: ReportRow[] = shown.rows.map((row) => {
    if ('folded' in row) {
      const f = row.folded;
      const note = `⋯ ${f.count} more${f.spans > f.count ? ` (${f.spans} spans)` : ''} like ${f.sample}${f.errors ? `, ${f.errors} failed` : ''}`;
      const critical = shown.critical.get(row);
      return { name: note, depth: row.depth, offsetUs: f.startUs - trace.startUs, durationUs: f.endUs - f.startUs, error: f.errors > 0, note: '', folded: true, ...(critical ? { critical } : {}) };
    }
    const { span } = row;
    const record = records.get(spanKey(span));
    const critical = shown.critical.get(row);
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
