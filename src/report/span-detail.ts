import { shellQuote } from '../redact/shell-words.ts';
import type { AttrValue, SpanRecord } from '../trace/span.ts';
import { formatCpu, formatDuration, formatLocalTime } from '../view/format.ts';
import { isOwnAttribute } from '../view/waterfall.ts';
import { visible } from './escape.ts';

/** One line of a span's detail panel: a label, its value, and a link where the value is one (a CI run). */
export type DetailRow = [label: string, value: string, href?: string];
/** A titled group of lines, as Jaeger's span view groups a span's tags, process and logs. */
export type DetailGroup = [title: string, rows: DetailRow[]];

/** Past this a value is cut: a 100 KB command line would make the page, not the panel, the thing to scroll. */
const MAX_VALUE = 2000;

function text(value: AttrValue | undefined): string {
  const raw = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  const shown = raw.length > MAX_VALUE ? `${raw.slice(0, MAX_VALUE)}… (${(raw.length - MAX_VALUE).toLocaleString('en-US')} more characters)` : raw;
  return visible(shown);
}

/** Only a web address becomes a link: never `javascript:` or `data:`. */
export function webLink(value: AttrValue | undefined): string | undefined {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value).href;
  } catch {
    return undefined;
  }
}

const row = (label: string, value: AttrValue | undefined): DetailRow[] => (value === undefined || value === '' ? [] : [[label, text(value)]]);
const linkRow = (label: string, value: AttrValue | undefined): DetailRow[] => {
  const href = webLink(value);
  return value === undefined ? [] : href ? [[label, text(value), href]] : row(label, value);
};

/** The CI attributes worth a name; the rest of `cicd.*` follow under their own keys. */
const CI_LABELS: Array<[string, string]> = [
  ['vstrace.ci.provider', 'provider'],
  ['cicd.pipeline.name', 'pipeline'],
  ['cicd.pipeline.run.id', 'run'],
  ['cicd.pipeline.run.url.full', 'run link'],
  ['cicd.pipeline.task.name', 'job'],
  ['cicd.pipeline.task.run.id', 'job run'],
  ['cicd.pipeline.task.run.url.full', 'job link'],
  ['cicd.pipeline.task.run.result', 'job result'],
  ['cicd.pipeline.result', 'result'],
  ['cicd.worker.name', 'worker'],
];
const GIT_LABELS: Array<[string, string]> = [
  ['vcs.ref.head.name', 'branch'],
  ['vcs.ref.head.revision', 'revision'],
  ['vcs.ref.base.name', 'base'],
  ['vcs.change.id', 'change'],
  ['vcs.repository.name', 'repository'],
  ['vcs.repository.url.full', 'repository link'],
];

/** The labelled keys of a prefix, then any other key under it by its own name. */
function prefixed(a: SpanRecord['attributes'], labels: Array<[string, string]>, prefixes: readonly string[]): DetailRow[] {
  const named = new Set(labels.map(([key]) => key));
  const rest = Object.keys(a)
    .filter((key) => !named.has(key) && prefixes.some((p) => key.startsWith(p)))
    .sort();
  return [...labels.flatMap(([key, label]) => linkRow(label, a[key])), ...rest.flatMap((key) => linkRow(key, a[key]))];
}

function status(span: SpanRecord): string {
  if (span.endUs === undefined) return 'open (started, not yet ended)';
  if (span.status.code === 'error') return `error${span.status.message ? `: ${span.status.message}` : ''}`;
  return 'ok';
}

/**
 * A span's detail panel as data: what it ran and how it ended, its timings
 * against the trace, its tags, where and by whom it ran, its git and CI
 * context, then every attribute and resource attribute as recorded. Every
 * value passes through `visible`; the page puts them in with textContent.
 */
export function spanDetail(span: SpanRecord, traceStartUs: number, criticalUs: number, nowUs: number): DetailGroup[] {
  const a = span.attributes;
  const r = span.resource;
  const args = a['process.command_args'];
  const command = Array.isArray(args) ? args.map((w) => shellQuote(String(w))).join(' ') : args;
  const ended = span.endUs !== undefined;
  const duration = (span.endUs ?? Math.max(span.startUs, nowUs)) - span.startUs;
  const cpuUser = a['vstrace.cpu.user_seconds'];
  const cpuSystem = a['vstrace.cpu.system_seconds'];
  const nested = a['vstrace.cpu.nested_vstrace_seconds'];
  const cpu =
    typeof cpuUser === 'number' && typeof cpuSystem === 'number'
      ? `${formatCpu(cpuUser)} user, ${formatCpu(cpuSystem)} system${typeof nested === 'number' && nested > 0 ? ` (without ${formatCpu(nested)} of nested vstrace runs)` : ''}`
      : undefined;
  const tags = Object.keys(a)
    .filter((key) => !isOwnAttribute(key))
    .sort()
    .flatMap((key) => linkRow(key, a[key]));
  const all = [...Object.keys(a).map((key) => [key, a[key]] as const), ...Object.keys(r).map((key) => [`resource ${key}`, r[key]] as const)]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .flatMap(([key, value]) => row(key, value));
  const groups: DetailGroup[] = [
    [
      'Span',
      [
        ['status', status(span)],
        ['duration', ended ? formatDuration(duration) : `${formatDuration(duration)} so far`],
        ['starts', `+${formatDuration(span.startUs - traceStartUs)} into the trace · ${formatLocalTime(span.startUs)}`],
        ['critical path', criticalUs > 0 ? `${formatDuration(criticalUs)} of the trace's time waited on this span's own work` : 'not on it'],
        ...row('type', a['vstrace.type']),
        ...row('service', r['service.name']),
        ['span id', span.spanId],
        ...row('parent id', span.parentSpanId),
      ],
    ],
    [
      'Command',
      [
        ...row('command', command),
        ...row('exit code', a['process.exit.code']),
        ...row('signal', a.signal),
        ...row('directory', a['process.working_directory']),
        ...row('pid', a['process.pid']),
        ...row('cpu', cpu),
      ],
    ],
    ['Tags', tags],
    ['Host and user', [...row('host', r['host.name']), ...row('arch', r['host.arch']), ...row('os', r['os.type']), ...row('user', a['process.owner'])]],
    // CI and git context sit in the resource (a job's) or on the span (a command's own checkout): the span's wins
    ['Git', prefixed({ ...r, ...a }, GIT_LABELS, ['vcs.'])],
    ['CI', prefixed({ ...r, ...a }, CI_LABELS, ['cicd.', 'vstrace.ci.'])],
  ];
  return [...groups.filter(([, rows]) => rows.length > 0), ['All attributes', all]];
}
