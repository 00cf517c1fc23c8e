/**
 * The records `vstrace run -x`'s bash helper (process/xtrace.bash) writes, one
 * before each command the script runs: \x1d, fields split by \x1f, \x1e. A
 * record says when a command started and how the command before it in the
 * same shell ended; a shell (the script, or a subshell of it) is the run of
 * records in which each one names the one before as its predecessor.
 */
export interface XtraceRecord {
  /** $? and PIPESTATUS of the command before, in the same shell. */
  status: number;
  pipe: number[];
  us: number;
  /** The span id the shell's TRACEPARENT named before this record: in a new subshell, the command that made it. */
  seen: string;
  pid: number;
  /** This command's span id: the shell's pid and a sequence number. */
  id: string;
  depth: number;
  file: string;
  line: number;
  command: string;
}

export interface XtraceShell {
  pid: number;
  records: XtraceRecord[];
  /** The shell's EXIT record: the last command's status, and where among the records it came (the records from there on are its EXIT trap's). */
  exit?: { status: number; pipe: number[]; us: number; at: number };
}

export interface ParsedRecords {
  /** The bash that loaded the helper, once per shell that did; `traced` false when it was too old to trace. */
  bashes: Array<{ version: string; traced: boolean; helper?: string }>;
  shells: XtraceShell[];
}

const FIELDS = 10;

/** The records of a run, split into shells in the order each first wrote. Torn or foreign text is skipped. */
export function parseRecords(text: string): ParsedRecords {
  const bashes: ParsedRecords['bashes'] = [];
  const shells: XtraceShell[] = [];
  const current = new Map<number, { shell: XtraceShell; last: string; inTrap?: boolean }>();
  for (const chunk of text.split('\x1e')) {
    const start = chunk.lastIndexOf('\x1d');
    if (start < 0) continue;
    const fields = chunk.slice(start + 1).split('\x1f');
    if (fields[0] === 'V' || fields[0] === 'O') {
      bashes.push({ version: fields[1] ?? '', traced: fields[0] === 'V', ...(fields[2] ? { helper: fields[2] } : {}) });
      continue;
    }
    if (fields[0] === 'R' || fields[0] === 'r') {
      // The script's RETURN trap began (R) or ended (r): the records in between, and the two bash
      // wrote as it began (as for an EXIT trap), are the trap's commands, under the text of the command before.
      const [, seen, pid = ''] = fields;
      const open = current.get(Number(pid));
      if (!open || open.last !== seen) continue;
      const records = open.shell.records;
      if (fields[0] === 'R' && records[records.length - 1]?.id === seen) records.splice(-2);
      open.inTrap = fields[0] === 'R';
      continue;
    }
    if (fields[0] === 'E') {
      const [, status = '', pipe = '', time = '', seen, pid = ''] = fields;
      const open = current.get(Number(pid));
      const us = microseconds(time);
      if (open && open.last === seen && us !== undefined) open.shell.exit = { status: Number(status) || 0, pipe: statuses(pipe), us, at: open.shell.records.length };
      continue;
    }
    const record = toRecord(fields);
    if (!record) continue;
    const open = current.get(record.pid);
    if (open && open.last === record.seen) {
      if (!open.inTrap) open.shell.records.push(record);
    } else {
      // A new shell, or a pid used again by a later one.
      const shell = { pid: record.pid, records: [record] };
      shells.push(shell);
      current.set(record.pid, { shell, last: record.id });
      continue;
    }
    open.last = record.id;
  }
  return { bashes, shells };
}

function toRecord(fields: string[]): XtraceRecord | undefined {
  if (fields.length < FIELDS) return undefined;
  const [status, pipe, time, seen, pid, seq, depth, file, line] = fields as [string, string, string, string, string, string, string, string, string];
  const us = microseconds(time);
  if (us === undefined || !/^\d{1,9}$/.test(pid) || !/^\d{1,12}$/.test(seq) || !/^[0-9a-f]{16}$/.test(seen)) return undefined;
  return {
    status: Number(status) || 0,
    pipe: statuses(pipe),
    us,
    seen,
    pid: Number(pid),
    id: spanIdOf(pid, seq),
    depth: Number(depth) || 1,
    file,
    line: Number(line) || 0,
    // The command is the last field: it may hold a \x1f of its own.
    command: fields.slice(FIELDS - 1).join('\x1f'),
  };
}

/** The id the helper gives a command: its shell's pid in 7 digits and its sequence number in 9. */
export const spanIdOf = (pid: string, seq: string): string => `${pid.padStart(7, '0')}${seq.padStart(9, '0')}`.slice(-16);

const statuses = (pipe: string): number[] => pipe.split(' ').map((s) => Number(s) || 0);

/** EPOCHREALTIME (seconds, a locale's decimal point, six decimals) → integer microseconds. */
function microseconds(time: string): number | undefined {
  const match = /^(\d+)[.,](\d{6})$/.exec(time);
  return match ? Number(match[1]) * 1e6 + Number(match[2]) : undefined;
}
