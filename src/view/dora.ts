import { whoOf, type AuditRow } from '../stats/deployment-record.ts';
import type { DoraBy, DoraGroup, DoraReport } from '../stats/dora.ts';
import type { Band } from '../stats/dora-bands.ts';
import type { Window } from '../stats/period.ts';
import { fit, formatDuration, formatLocalTime } from './format.ts';
import { plural } from '../plural.ts';

/** Durations of delivery: days once past two (lead times run to weeks). */
export function formatLong(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 2 * 86_400) return formatDuration(seconds * 1e6);
  const hours = Math.round(seconds / 3600);
  return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const band = (b: Band | null): string => b ?? 'no data';
const span = (w: Window): string => `${formatLocalTime(w.fromUs).slice(0, 16)} → ${formatLocalTime(w.toUs).slice(0, 16)}`;

interface Line {
  key: string;
  value: string;
  band: string;
  inputs: string;
}

function lines(g: DoraGroup): Line[] {
  const f = g.frequency;
  const l = g.leadTime;
  const c = g.changeFailureRate;
  const r = g.recoveryTime;
  const leadNotes = [
    l.inputs.merges && plural(l.inputs.merges, 'merge'),
    l.inputs.skewed && `${l.inputs.skewed} after the deploy (clock skew)`,
    l.inputs.uncertain && `${l.inputs.uncertain} uncertain`,
    l.inputs.unreadable && `${plural(l.inputs.unreadable, 'deployment')} unreadable`,
  ]
    .filter(Boolean)
    .join(', ');
  return [
    {
      key: 'deployment frequency',
      value: `${f.perDay.toFixed(2)}/day (${f.perWeek.toFixed(1)}/week), ${plural(f.deploymentDays, 'day')}`,
      band: f.band,
      inputs: `${plural(f.inputs.deployments, 'successful deployment')} in ${plural(Math.round(f.inputs.days), 'day')}`,
    },
    {
      key: 'lead time for changes',
      value: `median ${formatLong(l.medianSeconds)}, p90 ${formatLong(l.p90Seconds)}`,
      band: band(l.band),
      inputs: `${plural(l.inputs.commits, 'commit')} of ${plural(l.inputs.deployments, 'deployment')}${leadNotes ? ` (not counted: ${leadNotes})` : ''}`,
    },
    {
      key: 'change failure rate',
      value: percent(c.rate),
      band: band(c.band),
      inputs: `${c.inputs.failed} failed, ${c.inputs.fixed} fixed, ${c.inputs.rolledBack} rolled back, of ${plural(c.inputs.deployments, 'deployment')}`,
    },
    {
      key: 'recovery time',
      value: `median ${formatLong(r.medianSeconds)}`,
      band: band(r.band),
      inputs: `${plural(r.inputs.recovered, 'recovery', 'recoveries')}${r.inputs.unrecovered ? `, ${r.inputs.unrecovered} not recovered yet` : ''}`,
    },
  ];
}

const title = (g: DoraGroup): string => [g.service, g.environment === undefined ? undefined : g.environment || '(no environment)'].filter((x) => x !== undefined).join(' · ');

/** The four keys per group, each with its band and inputs; beside the previous period with --compare. */
export function renderDora(report: DoraReport, by: DoraBy): string {
  const head = `DORA's four keys by ${by === 'stream' ? 'service and environment' : by === 'env' ? 'environment' : 'service'}, ${span(report.window)}${report.previousWindow ? `  (vs ${span(report.previousWindow)})` : ''}`;
  if (report.groups.length === 0) return `${head}\n\nno deployments: record one with vstrace run --type=deploy --env production -- <command>`;
  const out = [head];
  for (const g of report.groups) {
    out.push('', title(g) + (g.deployments.open ? `  (${g.deployments.open} open, not counted)` : ''));
    const before = report.previous?.find((p) => p.service === g.service && p.environment === g.environment);
    const previous = before ? lines(before) : undefined;
    lines(g).forEach((line, i) => {
      const was = previous ? `   was ${previous[i]!.value} ${previous[i]!.band}` : '';
      out.push(`  ${fit(line.key, 22)} ${fit(line.value, 40)} ${fit(line.band, 8)} ${line.inputs}${was}`);
    });
    for (const u of g.leadTime.unreadable.slice(0, 5)) out.push(`  unreadable: deployment ${u.spanId}${u.revision ? ` at ${u.revision.slice(0, 12)}` : ''}: ${u.why}`);
    if (g.leadTime.unreadable.length > 5) out.push(`  … and ${g.leadTime.unreadable.length - 5} more unreadable (all of them in --json)`);
  }
  out.push('', "Bands: the 2023 State of DevOps Report's clusters (docs/dora.md).");
  return out.join('\n');
}

const AUDIT_COLUMNS: ReadonlyArray<keyof AuditRow> = [
  'ended',
  'outcome',
  'service',
  'environment',
  'revision',
  'user',
  'commitAuthor',
  'host',
  'reason',
  'command',
  'ciRun',
  'repository',
  'started',
  'spanId',
  'traceId',
];

/** The audit trail as a table: who, what, when, where, why, outcome. */
export function renderAudit(rows: readonly AuditRow[]): string {
  if (rows.length === 0) return 'no deployments in the period: record one with vstrace run --type=deploy -- <command>';
  const out = [`${fit('WHEN (UTC)', 20)} ${fit('OUTCOME', 9)} ${fit('SERVICE', 12)} ${fit('ENV', 10)} ${fit('REVISION', 12)} ${fit('WHO', 28)} ${fit('HOST', 12)} WHY / WHAT`];
  for (const r of rows) {
    const when = (r.ended ?? r.started).replace('T', ' ').slice(0, 19);
    const who = whoOf(r);
    out.push(
      `${fit(when, 20)} ${fit(r.outcome, 9)} ${fit(r.service, 12)} ${fit(r.environment ?? '—', 10)} ${fit(r.revision?.slice(0, 12) ?? '—', 12)} ${fit(who || '—', 28)} ${fit(r.host ?? '—', 12)} ${r.reason ? `${r.reason} · ` : ''}${r.command}${r.ciRun ? ` · ${r.ciRun}` : ''}`,
    );
  }
  return out.join('\n');
}

/** RFC 4180 fields; a leading = + - @ is quoted away, so a spreadsheet never runs a cell as a formula. */
function csvField(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(rows: readonly AuditRow[]): string {
  return [AUDIT_COLUMNS.join(','), ...rows.map((r) => AUDIT_COLUMNS.map((c) => csvField(r[c])).join(','))].join('\n');
}
