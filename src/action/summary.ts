import { plural } from '../plural.ts';
import { durationUs, isError, type SpanRecord } from '../trace/span.ts';
import type { TraceSummary } from '../trace/traces.ts';
import { formatDuration, PLAIN } from '../view/format.ts';
import { renderWaterfall } from '../view/waterfall.ts';

/**
 * The job summary the GitHub Action writes ($GITHUB_STEP_SUMMARY, Markdown):
 * a headline with the job's result, the golden signals of its commands, a
 * link to the trace where the backend's UI is known, and the waterfall as
 * `vstrace show` draws it (folded past `maxRows`, failures marked ✗), in a
 * code block so the bars line up. Pure: the trace and "now" are passed in.
 */
export interface SummaryInput {
  trace: TraceSummary;
  jobName: string;
  result: string;
  url?: string;
  /** What could not be known (no token, an API error), said rather than hidden. */
  notes: readonly string[];
  maxRows: number;
  nowUs: number;
}

/** Spans the action itself records (run, jobs, steps) are the frame; the commands are what ran in it. */
const FRAME_TYPES = new Set(['pipeline', 'job', 'step']);
const isCommand = (span: SpanRecord): boolean => !FRAME_TYPES.has(String(span.attributes['vstrace.type'] ?? ''));

const RESULT_MARK: Record<string, string> = { success: '✅', failure: '❌', cancelled: '⏹️', skipped: '⏭️' };

/** `12 commands · 1 failed · slowest: docker build (1m02s)` */
export function goldenLine(spans: readonly SpanRecord[], nowUs: number): string {
  const commands = spans.filter(isCommand);
  if (commands.length === 0) return 'no traced commands';
  const failed = commands.filter(isError).length;
  const slowest = commands.reduce((a, b) => ((durationUs(b, nowUs) ?? 0) > (durationUs(a, nowUs) ?? 0) ? b : a));
  return [`${plural(commands.length, 'command')}`, `${failed} failed`, `slowest: ${inlineCode(slowest.name)} (${formatDuration(durationUs(slowest, nowUs))})`].join(' · ');
}

/** A name as inline code, whatever backticks it holds (CommonMark: a longer fence). */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text.replace(/\n/g, ' ')} ${fence}`;
}

/** A fence no line of the body can close. */
const fenceFor = (body: string): string => '`'.repeat(Math.max(3, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length + 1)));

export function renderSummary(input: SummaryInput): string {
  const { trace, nowUs } = input;
  const mark = RESULT_MARK[input.result] ?? '';
  const waterfall = renderWaterfall(trace, { width: 110, palette: PLAIN, nowUs, maxRows: input.maxRows });
  const fence = fenceFor(waterfall);
  return [
    `### vstrace · ${escapeMarkdown(input.jobName)} · ${mark} ${input.result}`.replace(/ {2,}/g, ' '),
    '',
    `${goldenLine(trace.spans, nowUs)}${input.url ? ` · [open the trace](${input.url})` : ''}`,
    '',
    `${fence}text`,
    waterfall,
    fence,
    ...(input.notes.length > 0 ? ['', ...input.notes.map((n) => `> ${escapeMarkdown(n)}`)] : []),
    '',
  ].join('\n');
}

const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
