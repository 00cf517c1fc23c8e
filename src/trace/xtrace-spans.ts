import type { Attributes, SpanRecord } from './span.ts';
import { parseRecords, type XtraceRecord, type XtraceShell } from './xtrace-records.ts';

/** What the run knows that the records do not: its span, its end, how the script ended. */
export interface XtraceRun {
  traceId: string;
  traceState?: string;
  /** The run's span: every command span is under it. */
  spanId: string;
  startUs: number;
  endUs: number;
  /** The script's exit status, when it exited. */
  exitCode?: number;
  /** The signal that killed it, when one did: the commands still running end at the kill, marked. */
  signal?: string;
  /** The redactor's commandLine: span names are redacted before anything holds them. */
  redact: (command: string) => string;
  resource: Attributes;
}

export interface XtraceSpans {
  /** How the command's bash took the helper: none (no bash read it), too old to trace, or traced. */
  shell: { kind: 'none' } | { kind: 'old'; version: string } | { kind: 'traced'; version: string };
  spans: SpanRecord[];
}

interface Node {
  id: string;
  kind: 'command' | 'pipeline' | 'subshell';
  name: string;
  file: string;
  line: number;
  depth: number;
  startUs: number;
  endUs?: number;
  status?: number;
  /** Undefined: the shell's base, found once every shell is read. */
  parent?: Node;
  pid: number;
  interrupted?: boolean;
  /** A loop's or a case's head: it sets no status of its own. */
  noStatus?: boolean;
}

interface Shell {
  pid: number;
  first?: XtraceRecord;
  last?: XtraceRecord;
  /** Records of the shell with the time each was written, for finding what followed a subshell. */
  records: XtraceRecord[];
  nodes: Node[];
  /** Still running when the shell's records end. */
  open: Node[];
  /** Running when the shell exited (its EXIT trap runs even when a signal kills it). */
  atExit?: Node[];
  base?: Node;
  /** Its first record was a function's entry: a function run in a pipeline or in the background. */
  viaFunction?: boolean;
}

/** What ends the commands before it: a record, or a shell's EXIT record. */
type Ender = Pick<XtraceRecord, 'us' | 'status' | 'pipe' | 'depth'>;

const NO_STATUS = /^(for|select|case)\s/;

/** Text that makes a subshell of the command it is in. */
const SUBSTITUTION = /\$\(|`|<\(|>\(/;

/**
 * The records of one `vstrace run -x` → the spans of every command, under the
 * run's span: functions and `source` nest their commands, subshells and
 * command substitutions nest under what made them, a pipeline is one span
 * with its commands inside (each with its own status, the pipeline with the
 * shell's). Pure: the records and the run's facts in, spans out.
 */
export function xtraceSpans(text: string, run: XtraceRun): XtraceSpans {
  const parsed = parseRecords(text);
  const traced = parsed.bashes.find((b) => b.traced);
  if (!traced) {
    const old = parsed.bashes[0];
    return { shell: old ? { kind: 'old', version: old.version } : { kind: 'none' }, spans: [] };
  }
  const helpers = new Set(parsed.bashes.map((b) => b.helper).filter((h): h is string => h !== undefined));
  const byId = new Map<string, Node>();
  const shells: Shell[] = [];
  const all: Node[] = [];
  let main: Shell | undefined;
  // In the order each shell first wrote: the command that made a subshell is already read.
  for (const source of parsed.shells) {
    const seen = source.records[0]?.seen;
    const maker = seen === undefined ? undefined : byId.get(seen);
    const shell = buildShell(source, helpers, byId, maker && maker.pid !== source.pid ? maker : undefined);
    shells.push(shell);
    if (!shell.first) continue;
    if (maker && maker.pid !== shell.pid) shell.base = baseOf(shell, maker, shells, all);
    for (const node of shell.nodes) if (!node.parent && shell.base) node.parent = shell.base;
    main ??= shell.base === undefined ? shell : undefined;
    endOpen(shell, shell === main ? run : undefined);
    all.push(...shell.nodes);
  }
  // A loop runs the same few commands thousands of times: each text is redacted once.
  const names = new Map<string, string>();
  const redact = (name: string): string => {
    let redacted = names.get(name);
    if (redacted === undefined) names.set(name, (redacted = run.redact(name)));
    return redacted;
  };
  return { shell: { kind: 'traced', version: traced.version }, spans: all.map((n) => toSpan(n, run, redact)) };
}

/** One shell's records → its nodes, closed by the records that follow them; what is left open is `open`. */
function buildShell(source: XtraceShell, helpers: Set<string>, byId: Map<string, Node>, maker: Node | undefined): Shell {
  const shell: Shell = { pid: source.pid, records: [], nodes: [], open: [] };
  const stack: Node[] = [];
  /** Per depth, the commands ended there since the last pipeline: a pipeline's elements are the last of them. */
  const ended = new Map<number, Node[]>();
  let lastPipe = '';
  /** Ends what ran before `at` with its status; PIPESTATUS changing (or repeating once a pipeline has as many commands as it counts) ends a pipeline. */
  const endBefore = (at: Ender) => {
    const pipe = at.pipe.join(' ');
    closeTo(stack, ended, at);
    const candidates = ended.get(at.depth) ?? [];
    if (at.pipe.length > 1 && (pipe !== lastPipe || candidates.length >= at.pipe.length)) groupPipeline(candidates, at, shell);
    lastPipe = pipe;
  };
  // The EXIT trap's: the two records bash writes as it starts the trap (before its first command), and every one after the EXIT record.
  const trapFrom = source.exit ? source.exit.at - 2 : Number.POSITIVE_INFINITY;
  // A function run in a pipeline or in the background: the subshell's first record is the function's entry.
  let previous: Pick<XtraceRecord, 'depth' | 'command' | 'line'> | undefined = maker ? { depth: maker.depth, command: maker.name, line: maker.line } : undefined;
  source.records.forEach((r, i) => {
    const top = stack[stack.length - 1];
    // No spans for: the helper's own functions (the trap wrapper); the record bash writes on entering
    // a function (its name again, one level down); a trap's commands (bash repeats the text of the
    // command before, at the trap's own line). Their ids stand for the command around them.
    const entry = previous !== undefined && r.depth === previous.depth + 1 && r.command === previous.command;
    const handler = i >= trapFrom || (previous !== undefined && r.depth === previous.depth && r.command === previous.command && r.line !== previous.line);
    previous = r;
    shell.records.push(r);
    if (helpers.has(r.file) || entry || handler) {
      if (top) byId.set(r.id, top);
      if (entry && shell.first === undefined && maker) shell.viaFunction = true;
      // A trap's first record holds the status of the command it followed (an EXIT trap's, the EXIT record).
      if (handler && i < trapFrom && shell.first !== undefined && top) endBefore(r);
      return;
    }
    shell.first ??= r;
    shell.last = r;
    endBefore(r);
    const parent = stack[stack.length - 1];
    const node: Node = {
      id: r.id,
      kind: 'command',
      name: r.command,
      ...(NO_STATUS.test(r.command) ? { noStatus: true } : {}),
      file: r.file,
      line: r.line,
      depth: r.depth,
      startUs: r.us,
      pid: r.pid,
      ...(parent ? { parent } : {}),
    };
    stack.push(node);
    shell.nodes.push(node);
    byId.set(r.id, node);
  });
  const exit = source.exit;
  if (exit && stack.length > 0) {
    shell.atExit = [...stack];
    endBefore({ ...exit, depth: stack[stack.length - 1]!.depth });
    closeTo(stack, ended, { ...exit, depth: 0 });
  }
  shell.open = stack;
  return shell;
}

/** A record at depth d ends every command deeper than d (a function returned) and the one before it at d. */
function closeTo(stack: Node[], ended: Map<number, Node[]>, r: Ender): void {
  while (stack.length > 0 && stack[stack.length - 1]!.depth >= r.depth) {
    const node = stack.pop()!;
    node.endUs = r.us;
    node.status = r.status;
    if (node.depth > r.depth) ended.delete(node.depth);
    else {
      const list = ended.get(node.depth) ?? [];
      list.push(node);
      if (list.length > 64) list.shift();
      ended.set(node.depth, list);
    }
  }
}

/**
 * bash runs the DEBUG trap for each command of a pipeline before it forks it,
 * so the elements are the last commands ended at this depth, as many as
 * PIPESTATUS has entries — an element that is itself compound ({ …; }, a loop)
 * runs in a subshell of its own and is not among them. Elements of one
 * pipeline are on one line, or on consecutive lines.
 */
function groupPipeline(candidates: Node[], r: Ender, shell: Shell): void {
  const want = r.pipe.length;
  const elements: Node[] = [];
  for (let i = candidates.length - 1; i >= 0 && elements.length < want; i--) {
    const node = candidates[i]!;
    const next = elements[0];
    if (next && (node.line > next.line || candidates[candidates.length - 1]!.line - node.line >= want)) break;
    elements.unshift(node);
  }
  candidates.length = 0;
  const first = elements[0];
  if (!first) return;
  const missing = want - elements.length;
  const pipeline: Node = {
    id: derivedId('a', first.id),
    kind: 'pipeline',
    name: [...(missing > 0 ? ['…'] : []), ...elements.map((e) => e.name)].join(' | '),
    file: first.file,
    line: first.line,
    depth: first.depth,
    startUs: first.startUs,
    endUs: r.us,
    status: r.status,
    pid: first.pid,
    ...(first.parent ? { parent: first.parent } : {}),
  };
  elements.forEach((element, i) => {
    element.parent = pipeline;
    element.endUs = r.us;
    element.status = r.pipe[missing + i] ?? r.status;
  });
  shell.nodes.push(pipeline);
}

/**
 * Where a subshell's commands go. A command substitution (or process
 * substitution) runs while the command that holds it runs, on its line, and
 * a function run in a pipeline or in the background writes its name first:
 * both nest under that command. Anything else — `( … )`, a compound command
 * in a pipeline — made no record of its own: it gets a span, beside (or
 * under) the command before it, ending when its shell went on.
 */
function baseOf(shell: Shell, maker: Node, shells: Shell[], all: Node[]): Node {
  const first = shell.first!;
  const lines = maker.name.split('\n').length - 1;
  if (shell.viaFunction) return maker;
  if (SUBSTITUTION.test(maker.name) && first.line >= maker.line && first.line <= maker.line + lines) return maker;
  let parent: Node | undefined = maker;
  while (parent && parent.depth >= first.depth) parent = parent.parent;
  const after = followingRecord(shells, maker.pid, shell.last?.us ?? first.us, first.depth);
  const subshell: Node = {
    id: derivedId('b', first.id),
    kind: 'subshell',
    name: '( … )',
    file: first.file,
    line: first.line,
    depth: first.depth,
    startUs: first.us,
    pid: shell.pid,
    ...(after ? { endUs: after.us, status: after.status } : {}),
    ...(parent ? { parent } : {}),
  };
  if (!after) subshell.endUs = endOfAncestors(subshell);
  all.push(subshell);
  return subshell;
}

/** The first record the making shell wrote after `us` at `depth` or above: the subshell had ended by then. */
function followingRecord(shells: Shell[], pid: number, us: number, depth: number): XtraceRecord | undefined {
  for (const shell of shells) {
    if (shell.pid !== pid) continue;
    const records = shell.records;
    // Records are in time order: find the first after `us`, then the first at the depth.
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (records[mid]!.us > us) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < records.length; i++) if (records[i]!.depth <= depth) return records[i];
  }
  return undefined;
}

/** Commands still running when their shell's records end: the script's end at the run's end (with its status, or the kill), a subshell's with what made it. */
function endOpen(shell: Shell, run: XtraceRun | undefined): void {
  if (run?.signal) {
    for (const node of shell.atExit ?? []) {
      node.interrupted = true;
      delete node.status;
    }
  }
  for (const node of shell.open) {
    if (run) {
      node.endUs = run.endUs;
      if (run.exitCode !== undefined) node.status = run.exitCode;
      else if (run.signal) node.interrupted = true;
    } else node.endUs = endOfAncestors(node);
  }
}

function endOfAncestors(node: Node): number | undefined {
  for (let at = node.parent; at; at = at.parent) if (at.endUs !== undefined) return at.endUs;
  return undefined;
}

/** An id for a span no record made (a pipeline, a subshell): the record's id turned to hex, after a letter no record id has. */
function derivedId(letter: 'a' | 'b', id: string): string {
  return `${letter}${BigInt(id).toString(16).padStart(15, '0')}`.slice(0, 16);
}

function toSpan(node: Node, run: XtraceRun, redact: (name: string) => string): SpanRecord {
  if (node.noStatus) delete node.status;
  const startUs = Math.min(Math.max(node.startUs, run.startUs), run.endUs);
  const endUs = Math.min(Math.max(node.endUs ?? run.endUs, startUs), run.endUs);
  const failed = node.interrupted === true || (node.status !== undefined && node.status !== 0);
  const attributes: Attributes = {
    'vstrace.xtrace.kind': node.kind,
    ...(node.file ? { 'code.file.path': node.file } : {}),
    'code.line.number': node.line,
    ...(node.status !== undefined ? { 'process.exit.code': node.status } : {}),
    ...(node.interrupted ? { 'vstrace.xtrace.interrupted': true } : {}),
    ...(failed ? { error: true } : {}),
  };
  return {
    traceId: run.traceId,
    spanId: node.id,
    parentSpanId: node.parent?.id ?? run.spanId,
    ...(run.traceState ? { traceState: run.traceState } : {}),
    name: redact(node.name),
    startUs,
    endUs,
    status: failed ? { code: 'error', message: node.interrupted ? `interrupted by ${run.signal}` : `exit code ${node.status}` } : { code: 'unset' },
    attributes,
    resource: run.resource,
  };
}
