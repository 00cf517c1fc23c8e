/**
 * What the report chunk draws: computed by commands/report.ts from the store,
 * turned into HTML by report/html.ts. Plain data (it is embedded in the page
 * as JSON for the waterfalls).
 */
import type { GroupStats } from '../stats/golden.ts';
import type { SeriesPoint } from '../stats/series.ts';

export interface ReportData {
  generatedUs: number;
  fromUs: number;
  toUs: number;
  /** Rates per day from 2 days up, else per hour. */
  days: number;
  bucket: 'day' | 'hour';
  types: ReportType[];
  traces: ReportTrace[];
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
  rows: ReportRow[];
}
