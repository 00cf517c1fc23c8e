import { describeSpanEnd, spanMarks } from './marks.ts';
import { durationUs } from '../trace/span.ts';
import { treeRows, type TraceSummary } from '../trace/traces.ts';
import { fit, formatDuration, formatLocalTime, type Palette } from './format.ts';

export interface WaterfallOptions {
  width: number;
  palette: Palette;
  /** "Now", for drawing open spans up to the present. */
  nowUs: number;
}

/**
 * A trace as text: one row per span, indented by depth, a bar placed on the
 * trace's time axis, the duration and what went wrong.
 */
export function renderWaterfall(trace: TraceSummary, { width, palette, nowUs }: WaterfallOptions): string {
  const endUs = trace.endUs ?? nowUs;
  const totalUs = Math.max(1, endUs - trace.startUs);
  const rows = treeRows(trace);
  const nameWidth = Math.min(48, Math.max(16, Math.floor(width * 0.35)));
  const barWidth = Math.max(10, width - nameWidth - 24);
  const header = [
    `trace ${trace.traceId}`,
    formatLocalTime(trace.startUs),
    `${rows.length} span${rows.length === 1 ? '' : 's'}`,
    trace.endUs === undefined ? `open, ${formatDuration(totalUs)} so far` : formatDuration(totalUs),
    ...(trace.errorCount > 0 ? [palette.red(`${trace.errorCount} error${trace.errorCount === 1 ? '' : 's'}`)] : []),
  ].join(' · ');
  const lines = rows.map(({ span, depth }) => {
    const name = fit(`${'  '.repeat(Math.min(depth, 12))}${span.name}`, nameWidth);
    const offset = Math.floor(((span.startUs - trace.startUs) / totalUs) * barWidth);
    const length = Math.max(1, Math.round(((durationUs(span, nowUs) ?? 0) / totalUs) * barWidth));
    const glyph = span.endUs === undefined ? '░' : '█';
    const bar = fit(' '.repeat(Math.min(offset, barWidth - 1)) + glyph.repeat(Math.min(length, barWidth - Math.min(offset, barWidth - 1))), barWidth);
    const marks = spanMarks(span);
    const painted = span.status.code === 'error' ? palette.red(bar) : span.endUs === undefined ? palette.dim(bar) : palette.cyan(bar);
    return `${name} ${painted} ${describeSpanEnd(span, nowUs).padStart(8)}${marks ? ` ${palette.red(marks)}` : ''}`.trimEnd();
  });
  return [palette.bold(header), ...lines].join('\n');
}
