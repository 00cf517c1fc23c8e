/**
 * What the report chunk draws: computed by commands/report.ts from the store,
 * turned into HTML by report/html.ts. Plain data (it is embedded in the page
 * as JSON for the waterfalls).
 */
import type { GroupStats } from '../stats/golden.ts';
import type { SeriesPoint } from '../stats/series.ts';
import type { SpanRecord } from '../trace/span.ts';

export interface ReportData {
  generatedUs: number;
  fromUs: number;
  toUs: number;
  /** Rates per day from 2 days up, else per hour. */
  days: number;
  bucket: 'day' | 'hour';
  types: ReportType[];
  traces: ReportTrace[];
  /**
   * Sections drawn by other parts of vstrace (the delivery figures of `vstrace dora`),
   * placed after the charts: each already HTML, built with report/escape.ts.
   */
  sections?: ReportSection[];
}

/** A part of the page another command contributes: its heading and its body (HTML, every value escaped by its author). */
export interface ReportSection {
  id: string;
  title: string;
  html: string;
}

export interface ReportType {
  stats: Omit<GroupStats, 'durations'>;
  /** Durations (µs), for the histogram. */
  durations: ArrayLike<number>;
  series: SeriesPoint[];
}

export interface ReportRow {
  name: string;
  depth: number;
  /** From the trace start, µs. */
  offsetUs: number;
  /** Null while open. */
  durationUs: number | null;
  error: boolean;
  /** `✗ exit 2`, `✗ SIGTERM`, or a folded-run summary. */
  note: string;
  folded?: boolean;
  /** The span's full record (every attribute, the resource), for its detail panel; absent on a folded row. */
  record?: SpanRecord;
  /** Where this span is on the trace's critical path: [from, to) offsets from the trace start, µs. */
  critical?: Array<[number, number]>;
}

export interface ReportTrace {
  traceId: string;
  name: string;
  type: string | null;
  startUs: number;
  durationUs: number | null;
  spans: number;
  status: 'ok' | 'error' | 'open';
  service: string;
  /** Every type and service among its spans (a trace matches a filter when any span does, as in `vstrace ls`). */
  types: string[];
  services: string[];
  /** Link to the trace in the user's tracing UI (export.uiUrl), when set. */
  url?: string;
  rows: ReportRow[];
}
