import type { ExporterName } from '../config/settings.ts';

/**
 * The link to a trace in the user's backend, from `ui.url`: a template with
 * `{traceId}`, or the UI's base address, to which the exporter preset's own
 * trace path is added (Jaeger, Tempo through Grafana's Explore, Honeycomb).
 * Pure; no link without `ui.url`: vstrace never guesses where a UI lives.
 */
const TRACE_PATHS: Partial<Record<ExporterName, string>> = {
  jaeger: '/trace/{traceId}',
  otlp: '/trace/{traceId}',
  tempo: `/explore?schemaVersion=1&panes=${encodeURIComponent('{"t":{"datasource":"tempo","queries":[{"refId":"A","queryType":"traceql","query":"')}{traceId}${encodeURIComponent('"}]}}')}`,
  honeycomb: '/trace?trace_id={traceId}',
};

export function traceUrl(template: string | undefined, exporter: ExporterName, traceId: string): string | undefined {
  if (!template) return undefined;
  const full = template.includes('{traceId}') ? template : `${template.replace(/\/+$/, '')}${TRACE_PATHS[exporter] ?? '/trace/{traceId}'}`;
  return full.replaceAll('{traceId}', traceId);
}
