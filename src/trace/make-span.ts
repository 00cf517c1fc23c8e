import type { GitInfo, HostInfo } from './facts.ts';
import { spanIdentity, spanResource } from './run-span.ts';
import type { Attributes, SpanRecord } from './span.ts';

/**
 * One make invocation whose recipe lines ran through vstrace-sh with no span
 * around make: the lines share a trace and hang under this span. Nothing can
 * wait for make (it is not our child), so the span is recorded after make is
 * gone, from what its lines left in the group's ledger (context/make-group.ts).
 */
export interface MakeGroupHeader {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  /** make's own start where the system tells it, else its first recipe line's. */
  startUs: number;
  pid: number;
  /** make's command line as the system shows it (already redacted), else just `make`. */
  argv: string[];
  cwd: string;
}

export interface RecipeLine {
  endUs: number;
  failed: boolean;
}

export interface MakeSpanFacts {
  header: MakeGroupHeader;
  lines: readonly RecipeLine[];
  name: string;
  type?: string;
  service: string;
  host: HostInfo;
  git?: GitInfo;
  resource?: Attributes;
  version: string;
}

/**
 * The make span: from make's start to its last recipe line's end (make's own
 * exit status cannot be read by anyone but its parent). It fails when a line
 * did, saying how many: a line make was told to ignore (`-cmd`, `make -i`)
 * still counts, as vstrace-sh cannot see that prefix.
 */
export function buildMakeSpan(f: MakeSpanFacts): SpanRecord {
  const { header, lines } = f;
  const failedLines = lines.filter((l) => l.failed).length;
  const endUs = Math.max(header.startUs, ...lines.map((l) => l.endUs));
  const attributes: Attributes = {
    ...(f.type ? { 'vstrace.type': f.type } : {}),
    'process.executable.name': 'make',
    'process.command_args': header.argv,
    'process.pid': header.pid,
    ...(f.host.user ? { 'process.owner': f.host.user } : {}),
    'process.working_directory': header.cwd,
    ...(f.git?.branch ? { 'vcs.ref.head.name': f.git.branch } : {}),
    ...(f.git?.revision ? { 'vcs.ref.head.revision': f.git.revision } : {}),
    'vstrace.make.recipe_lines': lines.length,
    'vstrace.make.failed_lines': failedLines,
    ...(failedLines > 0 ? { error: true } : {}),
  };
  return {
    ...spanIdentity({ ...header, name: f.name }),
    startUs: header.startUs,
    endUs,
    status: failedLines > 0 ? { code: 'error', message: `${failedLines} of ${lines.length} recipe lines failed` } : { code: 'unset' },
    attributes,
    resource: spanResource(f),
  };
}

/** The ledger's text: the header as one JSON line, then one `endUs failed` line per recipe line. Unreadable lines are skipped. */
export function parseLedger(text: string): { header: MakeGroupHeader; lines: RecipeLine[] } | undefined {
  const [first, ...rest] = text.split('\n');
  let header: MakeGroupHeader;
  try {
    header = JSON.parse(first ?? '') as MakeGroupHeader;
  } catch {
    return undefined;
  }
  if (!/^[0-9a-f]{32}$/.test(header.traceId) || !/^[0-9a-f]{16}$/.test(header.spanId) || !Number.isFinite(header.startUs)) return undefined;
  const lines: RecipeLine[] = [];
  for (const line of rest) {
    const [end, failed] = line.split(' ');
    const endUs = Number(end);
    if (line !== '' && Number.isFinite(endUs) && (failed === '0' || failed === '1')) lines.push({ endUs, failed: failed === '1' });
  }
  return { header, lines };
}

export const recipeLine = (endUs: number, failed: boolean): string => `${endUs} ${failed ? 1 : 0}\n`;
