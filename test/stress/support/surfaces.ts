import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { vstraceSync } from '../../support/cli.ts';

export interface SurfaceContext {
  env: Record<string, string>;
  home: string;
  traceId: string;
  /** The spans the test's OTLP receiver decoded (protobuf, with the OpenTelemetry schema), as JSON. */
  exported: string;
}

/**
 * Every place vstrace puts what it recorded or was configured with, as text.
 * The secret corpus runs through all of them; those that show arguments also
 * say how to find each span's text, where a look-alike must appear intact
 * (ls shows names only).
 */
export interface Surface {
  name: string;
  read: (ctx: SurfaceContext) => string;
  /** For surfaces that show arguments: the output cut into one text per span, where look-alikes must appear intact. */
  spans?: (output: string) => string[];
}

/** A command's stdout and stderr; `doctor` exits 1 when a check fails (the test's collector is down by then). */
const cli =
  (args: string[], statuses = [0]) =>
  (ctx: SurfaceContext) => {
    const r = vstraceSync(
      args.map((a) => (a === '<trace>' ? ctx.traceId : a)),
      { env: ctx.env },
    );
    if (!statuses.includes(r.status ?? -1)) throw new Error(`vstrace ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout + r.stderr;
  };

/**
 * Every file of the store, but for the spool's destination.json: it holds the
 * configured endpoint and headers (0600) so a background flusher can deliver
 * with them, exactly as the config file holds them.
 */
function allFiles(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name !== 'destination.json')
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? allFiles(path) : readFileSync(path, 'utf8')))
    .join('\n');
}

export const SURFACES: readonly Surface[] = [
  { name: 'store files', read: (ctx) => allFiles(ctx.home), spans: (text) => text.split('\n') },
  {
    name: 'export (OTLP received and decoded)',
    read: (ctx) => ctx.exported,
    spans: (text) => (JSON.parse(text) as unknown[]).map((s) => JSON.stringify(s)),
  },
  {
    name: 'vstrace show --json',
    read: cli(['show', '--json', '<trace>']),
    spans: (text) => (JSON.parse(text) as { spans: unknown[] }).spans.map((s) => JSON.stringify(s)),
  },
  { name: 'vstrace show', read: cli(['show', '--width', '200', '<trace>']) },
  { name: 'vstrace ls --json', read: cli(['ls', '--json']) },
  { name: 'vstrace ls', read: cli(['ls']) },
  { name: 'vstrace stats --by name --json', read: cli(['stats', '--since', 'all', '--by', 'name', '--json']) },
  { name: 'vstrace report (HTML)', read: (ctx) => reportHtml(ctx) },
  { name: 'vstrace config', read: cli(['config']) },
  { name: 'vstrace config --json', read: cli(['config', '--json']) },
  { name: 'vstrace doctor', read: cli(['doctor'], [0, 1]) },
  { name: 'vstrace doctor --json', read: cli(['doctor', '--json'], [0, 1]) },
  { name: 'vstrace flush', read: cli(['flush'], [0, 1]) },
];

function reportHtml(ctx: SurfaceContext): string {
  const out = join(ctx.home, '..', 'surface-report.html');
  cli(['report', '--since', 'all', '--out', out])(ctx);
  return readFileSync(out, 'utf8');
}

export { leakForms } from './leak-forms.ts';
