import type { ExporterName } from '../config/schema.ts';

/**
 * The link to a trace in the user's backend, from `export.uiUrl`: a template with
 * `{traceId}`, or the UI's base address, to which the exporter preset's own
 * trace path is added (Jaeger, Tempo through Grafana's Explore, Honeycomb).
 * Pure; no link without `export.uiUrl`: vstrace never guesses where a UI lives.
 */
/** Jaeger's trace page: also the guess for a plain OTLP endpoint, most often a Jaeger or a Collector in front of one. */
const JAEGER_PATH = '/trace/{traceId}';
const TRACE_PATHS: Partial<Record<ExporterName, string>> = {
  tempo: `/explore?schemaVersion=1&panes=${encodeURIComponent('{"t":{"datasource":"tempo","queries":[{"refId":"A","queryType":"traceql","query":"')}{traceId}${encodeURIComponent('"}]}}')}`,
  honeycomb: '/trace?trace_id={traceId}',
};

export function traceUrl(template: string | undefined, exporter: ExporterName, traceId: string): string | undefined {
  if (!template) return undefined;
  const full = template.includes('{traceId}') ? template : `${template.replace(/\/+$/, '')}${TRACE_PATHS[exporter] ?? JAEGER_PATH}`;
  return full.replaceAll('{traceId}', traceId);
}
