import { whoOf, type AuditRow } from '../stats/deployment-record.ts';
import type { DoraGroup, DoraReport } from '../stats/dora.ts';
import type { Band } from '../stats/dora-bands.ts';
import { formatLong } from '../view/dora.ts';
import { escapeHtml as h, visible } from './escape.ts';

/**
 * The report's delivery section (`vstrace dora` in the page): the four keys
 * per service and environment with their bands, this period beside the one
 * before (the trend), and the newest deployments of the audit trail. Every
 * value escaped here.
 */
const pct = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const band = (b: Band | null): string => (b === null ? '<span class="sub">no data</span>' : `<span class="${b === 'low' ? 'err' : ''}">${b}</span>`);

function cells(g: DoraGroup | undefined): string[] {
  if (!g) return ['—', '—', '—', '—'];
  return [
    `${g.frequency.perWeek.toFixed(1)}/week ${band(g.frequency.band)}`,
    `${h(formatLong(g.leadTime.medianSeconds))} ${band(g.leadTime.band)}`,
    `${pct(g.changeFailureRate.rate)} ${band(g.changeFailureRate.band)}`,
    `${h(formatLong(g.recoveryTime.medianSeconds))} ${band(g.recoveryTime.band)}`,
  ];
}

function inputs(g: DoraGroup): string {
  return `${g.deployments.succeeded} ok, ${g.deployments.failed} failed${g.deployments.open ? `, ${g.deployments.open} open` : ''}; ${g.leadTime.inputs.commits} commits${g.leadTime.inputs.unreadable ? `, ${g.leadTime.inputs.unreadable} unreadable` : ''}`;
}

export function deliveryHtml(report: DoraReport, rows: readonly AuditRow[]): string {
  const keys = report.groups
    .map((g) => {
      const before = report.previous?.find((p) => p.service === g.service && p.environment === g.environment);
      const now = cells(g);
      const was = cells(before);
      const figure = (i: number) => `<td class="num">${now[i]}<div class="sub">was ${was[i]}</div></td>`;
      return `<tr><td class="name">${h(visible(g.service ?? ''))}</td><td class="name">${h(visible(g.environment || '(none)'))}</td>${[0, 1, 2, 3].map(figure).join('')}<td class="name sub">${h(inputs(g))}</td></tr>`;
    })
    .join('');
  const list = rows
    .map(
      (r) =>
        `<tr><td class="name">${h((r.ended ?? r.started).replace('T', ' ').slice(0, 19))}</td><td class="name${r.outcome === 'failed' ? ' err' : ''}">${h(r.outcome)}</td><td class="name">${h(visible(r.service))}</td><td class="name">${h(visible(r.environment ?? '—'))}</td><td class="name">${h(r.revision?.slice(0, 12) ?? '—')}</td><td class="name">${h(visible(whoOf(r) || '—'))}</td><td class="name">${h(visible(r.reason ?? ''))}</td></tr>`,
    )
    .join('');
  return [
    `<table id="dora"><thead><tr><th class="name">Service</th><th class="name">Environment</th><th>Deployment frequency</th><th>Lead time (median)</th><th>Change failure rate</th><th>Recovery (median)</th><th class="name">From</th></tr></thead><tbody>${keys}</tbody></table>`,
    `<p class="sub">“was”: the period of equal length before. Bands: the 2023 State of DevOps Report's clusters; the rules and the inputs of each figure: <code>vstrace dora</code>, docs/dora.md.</p>`,
    `<h3>Deployments</h3><table id="deployments"><thead><tr><th class="name">When (UTC)</th><th class="name">Outcome</th><th class="name">Service</th><th class="name">Environment</th><th class="name">Revision</th><th class="name">Who</th><th class="name">Why</th></tr></thead><tbody>${list}</tbody></table>`,
  ].join('');
}
