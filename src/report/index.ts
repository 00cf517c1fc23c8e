import type { ReportData, ReportTrace, ReportType } from './data.ts';
import { histogram, overTime } from './charts.ts';
import { CLIENT } from './client.ts';
import { escapeHtml as h, jsonForScript, visible } from './escape.ts';
import { spanDetail, webLink } from './span-detail.ts';
import { STYLE } from './style.ts';
import { formatCpu, formatDuration, formatLocalTime } from '../view/format.ts';
import { formatRate } from '../view/stats-table.ts';
import { plural } from '../plural.ts';

/**
 * The HTML report, one self-contained file: inline CSS, inline SVG charts, one
 * small inline script for the waterfalls; nothing fetched, so it works
 * offline and as a CI artifact. Bundled as its own chunk (dist/report.js),
 * loaded only by `vstrace report`.
 */
const pct = (r: number) => `${(r * 100).toFixed(r > 0 && r < 0.1 ? 1 : 0)}%`;
const day = (us: number) => formatLocalTime(us).slice(0, 16);

function summaryTable(types: readonly ReportType[], days: number): string {
  const rows = types
    .map(({ stats: s }) => {
      const cpu = formatCpu(s.cpuSecondsPerRun);
      return `<tr><td class="name">${h(visible(s.key))}</td><td class="num">${s.count.toLocaleString('en-US')}</td><td class="num">${h(formatRate(s, days))}</td><td class="num">${formatDuration(s.p50Us)}</td><td class="num">${formatDuration(s.p90Us)}</td><td class="num">${formatDuration(s.p99Us)}</td><td class="num">${formatDuration(s.maxUs)}</td><td class="num ${s.errors ? 'err' : ''}">${pct(s.errorRate)}</td><td class="num">${cpu}</td></tr>`;
    })
    .join('');
  return `<table id="summary"><thead><tr><th class="name">Type</th><th>Runs</th><th>Rate</th><th>p50</th><th>p90</th><th>p99</th><th>Max</th><th>Errors</th><th>CPU / run</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function typeCard(t: ReportType, data: ReportData): string {
  const s = t.stats;
  const key = visible(s.key);
  return `<section class="card" data-type="${h(s.key)}"><h3>${h(key)}</h3><div class="meta">${s.count.toLocaleString('en-US')} run${s.count === 1 ? '' : 's'} · p50 ${formatDuration(s.p50Us)} · p90 ${formatDuration(s.p90Us)} · <span class="${s.errors ? 'err' : ''}">${pct(s.errorRate)} failed</span></div><div class="charts"><figure>${histogram(t.durations, s.p50Us, s.p90Us, `${key}: how long runs took`)}<figcaption>How long runs took</figcaption></figure><figure>${overTime(t.series, data.fromUs, data.toUs, s.errorRate, `${key}: duration per ${data.bucket}`, data.bucket)}<figcaption>Duration per ${data.bucket}</figcaption></figure></div></section>`;
}

const options = (values: readonly string[]) => values.map((v) => `<option value="${h(visible(v))}">${h(visible(v))}</option>`).join('');
const distinct = (lists: ReadonlyArray<readonly string[]>) => [...new Set(lists.flat())].filter((v) => v !== '').sort();

/** Search by name (or trace id), and filters by type, status and service: the script hides the rows that do not match. */
function traceFilters(traces: readonly ReportTrace[]): string {
  return `<div class="filters" role="search"><input type="search" id="f-name" placeholder="Search names or trace ids" aria-label="Search trace names or ids"><select id="f-type" aria-label="Type"><option value="">every type</option>${options(distinct(traces.map((t) => t.types)))}</select><select id="f-status" aria-label="Status"><option value="">any status</option>${options(['ok', 'error', 'open'])}</select><select id="f-service" aria-label="Service"><option value="">every service</option>${options(distinct(traces.map((t) => t.services)))}</select><span id="f-count" class="sub" aria-live="polite">${plural(traces.length, 'trace')}</span></div>`;
}

function traceTable(traces: readonly ReportTrace[]): string {
  const rows = traces
    .map((t, i) => {
      const status = `<span class="${t.status === 'error' ? 'err' : t.status === 'open' ? 'open' : 'ok'}">${t.status}</span>`;
      return `<tr tabindex="0" data-i="${i}"><td class="name" title="${h(t.traceId)}">${h(visible(t.name))}</td><td class="name">${h(visible(t.type ?? ''))}</td><td class="when" title="${h(formatLocalTime(t.startUs))}">${h(formatLocalTime(t.startUs).slice(5, 16))}</td><td class="num">${t.durationUs === null ? 'open' : formatDuration(t.durationUs)}</td><td class="num">${t.spans}</td><td class="name">${status}</td><td class="name">${h(visible(t.service))}</td></tr>`;
    })
    .join('');
  return `<table id="traces"><thead><tr><th class="name">Trace</th><th class="name">Type</th><th class="name">Start</th><th>Duration</th><th>Spans</th><th class="name">Status</th><th class="name">Service</th></tr></thead><tbody>${rows}</tbody></table><p id="f-none" class="sub" hidden>No trace matches these filters.</p>`;
}

/** Parts of the page other commands contribute (the delivery figures): their HTML as given, escaped by its author. */
const extraSections = (data: ReportData) => (data.sections ?? []).map((section) => `<section class="extra" id="${h(section.id)}"><h2>${h(section.title)}</h2>${section.html}</section>`).join('');

/** What the script needs per trace, with durations already formatted (one formatter, here) and every text made visible. */
function clientTrace(t: ReportTrace, nowUs: number) {
  const total = t.durationUs ?? Math.max(1, nowUs - t.startUs);
  const url = t.url === undefined ? undefined : webLink(t.url);
  return {
    name: visible(t.name),
    head: `${t.traceId} · ${formatLocalTime(t.startUs)} · ${plural(t.spans, 'span')} · ${t.durationUs === null ? 'open' : formatDuration(t.durationUs)}`,
    total,
    ...(url ? { url } : {}),
    types: t.types.map(visible),
    services: t.services.map(visible),
    status: t.status,
    id: t.traceId,
    rows: t.rows.map((r) => ({
      n: visible(r.name),
      d: r.depth,
      s: r.offsetUs,
      w: r.durationUs ?? Math.max(0, total - r.offsetUs),
      t: r.durationUs === null ? 'open' : formatDuration(r.durationUs),
      e: r.error ? 1 : 0,
      o: r.durationUs === null ? 1 : 0,
      x: visible(r.note),
      f: r.folded ? 1 : 0,
      c: r.critical ?? [],
      ...(r.record
        ? {
            a: spanDetail(
              r.record,
              t.startUs,
              (r.critical ?? []).reduce((n, [from, to]) => n + to - from, 0),
              nowUs,
            ),
          }
        : {}),
    })),
  };
}

export function renderReport(data: ReportData): string {
  const range = `${day(data.fromUs)} → ${day(data.toUs)}`;
  const runs = data.types.reduce((n, t) => n + t.stats.count, 0);
  const body =
    data.types.length === 0
      ? '<p class="sub">No spans in this period. Record some with <code>vstrace run -- &lt;command&gt;</code>.</p>'
      : `<h2>Golden signals by type</h2>${summaryTable(data.types, data.days)}<h2>Latency and its trend</h2><div class="cards">${data.types.map((t) => typeCard(t, data)).join('')}</div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>vstrace report · ${h(range)}</title><style>${STYLE}</style></head>
<body><header><h1>vstrace report</h1><div class="sub">${h(range)} · ${runs.toLocaleString('en-US')} ended spans · every ended span counts once, in the group of its own type · percentiles are exact</div></header>
<main>${body}${extraSections(data)}
<h2>Recent traces</h2>${traceFilters(data.traces)}<div class="layout"><div class="scroll">${traceTable(data.traces)}</div><div id="waterfall"><p class="hint">Click a trace to see its waterfall.</p></div></div></main>
<footer>Generated ${h(formatLocalTime(data.generatedUs))} by vstrace from the local store. Times are local; chart dates UTC.</footer>
<script type="application/json" id="trace-data">${jsonForScript(data.traces.map((t) => clientTrace(t, data.generatedUs)))}</script>
<script>${CLIENT}</script></body></html>
`;
}
