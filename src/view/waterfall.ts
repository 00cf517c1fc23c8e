import { basename } from 'node:path';
import { plural } from '../plural.ts';
import { describeSpanEnd, spanMarks } from './span-end.ts';
import { durationUs, type Attributes, type SpanRecord } from '../trace/span.ts';
import { treeRows, type TraceSummary } from '../trace/traces.ts';
import { elideRows } from './elide.ts';
import { fit, formatDuration, formatLocalTime, type Palette, printable } from './format.ts';

export interface WaterfallOptions {
  width: number;
  palette: Palette;
  /** "Now", for drawing open spans up to the present. */
  nowUs: number;
  /** Rows shown before long runs of siblings fold (default 200; Infinity shows every span). */
  maxRows?: number;
  /** A span's attributes with its tags, where they are not on the span itself (spans drawn from the store's index). */
  attributesOf?: (span: SpanRecord) => Attributes;
}

export const DEFAULT_MAX_ROWS = 200;

/** The tags worth a glance, from the root: service, branch@revision, host. */
function keyTags(root: SpanRecord): string[] {
  const a = root.attributes;
  const service = root.resource['service.name'];
  const branch = a['vcs.ref.head.name'];
  const revision = a['vcs.ref.head.revision'];
  const host = root.resource['host.name'];
  return [
    ...(typeof service === 'string' && service !== '' && service !== 'vstrace' ? [`service ${service}`] : []),
    ...(typeof branch === 'string' ? [`${branch}${typeof revision === 'string' ? `@${revision.slice(0, 7)}` : ''}`] : []),
    ...(typeof host === 'string' ? [`on ${host}`] : []),
  ];
}

/**
 * Attributes vstrace sets itself (and the resource keys every span carries);
 * the rest are the user's tags (`--tag`, defaultTags), worth showing on the row.
 */
const OWN_ATTRIBUTE = /^(?:(?:process|vcs|vstrace|cicd|telemetry|code)\.|(?:error|signal|service\.name|host\.name|host\.arch|os\.type)$)/;
export const isOwnAttribute = (key: string): boolean => OWN_ATTRIBUTE.test(key);
const TAGS_MAX_WIDTH = 32;

/** Where a command of a `run -x` script is (`deploy.sh:6`), then the span's own tags as `k=v k=v`. */
function tagText(attributes: Attributes): string {
  const line = attributes['code.line.number'];
  const file = attributes['code.file.path'];
  const where = line === undefined ? [] : [`${typeof file === 'string' ? basename(file) : ''}:${line}`];
  const tags = Object.entries(attributes)
    .filter(([key]) => !isOwnAttribute(key))
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  return [...where, ...tags].join(' ');
}

/**
 * A trace as text: one row per span, indented by depth, a bar placed on the
 * trace's time axis, the duration, what went wrong and the span's tags; big
 * traces fold long runs of siblings (elide.ts). Tags take their room from the
 * bars, so a row never grows past the width.
 */
export function renderWaterfall(trace: TraceSummary, { width, palette, nowUs, maxRows = DEFAULT_MAX_ROWS, attributesOf = (s) => s.attributes }: WaterfallOptions): string {
  const endUs = trace.endUs ?? nowUs;
  const totalUs = Math.max(1, endUs - trace.startUs);
  const rows = treeRows(trace);
  const visible = elideRows(rows, maxRows, nowUs);
  const tags = new Map(visible.flatMap((row) => ('span' in row ? [[row.span, tagText(attributesOf(row.span))] as const] : [])));
  const nameWidth = Math.min(48, Math.max(16, Math.floor(width * 0.35)));
  // Tags may take up to half of the bars' room: the bars are what a waterfall is for.
  const barRoom = width - nameWidth - 24;
  const tagWidth = Math.min(TAGS_MAX_WIDTH, Math.floor(Math.max(0, barRoom) / 2), Math.max(0, ...[...tags.values()].map((t) => [...t].length)));
  const barWidth = Math.max(10, barRoom - tagWidth);
  // what is left after `name bar duration `: marks, then tags
  const notesWidth = Math.max(0, width - nameWidth - barWidth - 11);
  const header = [
    `trace ${trace.traceId}`,
    formatLocalTime(trace.startUs),
    `${plural(rows.length, 'span')}`,
    trace.endUs === undefined ? `open, ${formatDuration(totalUs)} so far` : formatDuration(totalUs),
    ...(trace.errorCount > 0 ? [palette.red(`${plural(trace.errorCount, 'error')}`)] : []),
    ...keyTags(trace.root).map(printable),
  ].join(' · ');
  const bar = (startUs: number, lengthUs: number, glyph: string): string => {
    // Clamped both ways: a record with times outside its trace's (clock skew, an edited store) still draws a bar.
    const offset = Math.max(0, Math.min(Math.floor(((startUs - trace.startUs) / totalUs) * barWidth), barWidth - 1)) || 0;
    const length = Math.max(1, Math.round((lengthUs / totalUs) * barWidth));
    return fit(' '.repeat(offset) + glyph.repeat(Math.min(length, barWidth - offset)), barWidth);
  };
  const lines = visible.map((row) => {
    const indent = '  '.repeat(Math.min(row.depth, 12));
    if ('folded' in row) {
      const f = row.folded;
      const what = `${indent}⋯ ${f.count} more${f.spans > f.count ? ` (${f.spans} spans)` : ''} like ${f.sample}`;
      const marks = [f.errors > 0 ? palette.red(`✗ ${f.errors}`) : '', f.open > 0 ? palette.dim(`${f.open} open`) : ''].filter(Boolean).join(' ');
      return `${palette.dim(fit(what, nameWidth))} ${palette.dim(bar(f.startUs, f.endUs - f.startUs, '┄'))} ${''.padStart(8)}${marks ? ` ${marks}` : ''}`.trimEnd();
    }
    const { span } = row;
    const name = fit(`${indent}${span.name}`, nameWidth);
    const drawn = bar(span.startUs, durationUs(span, nowUs) ?? 0, span.endUs === undefined ? '░' : '█');
    const marks = spanMarks(span);
    const tagRoom = notesWidth - (marks ? [...marks].length + 1 : 0);
    const spanTags = tags.get(span) ?? '';
    const shownTags = spanTags && tagRoom > 3 ? palette.dim(fit(spanTags, Math.min(tagRoom, [...spanTags].length))) : '';
    const painted = span.status.code === 'error' ? palette.red(drawn) : span.endUs === undefined ? palette.dim(drawn) : palette.cyan(drawn);
    const notes = [marks ? palette.red(marks) : '', shownTags].filter(Boolean).join(' ');
    return `${name} ${painted} ${describeSpanEnd(span, nowUs).padStart(8)}${notes ? ` ${notes}` : ''}`.trimEnd();
  });
  return [palette.bold(header), ...lines].join('\n');
}
