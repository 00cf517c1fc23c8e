import { childProcess } from '../system/deferred.ts';
import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStoreText } from '../fs/store-read.ts';
import { makeDirs } from '../fs/make-dirs.ts';
import { DIR_MODE, FILE_MODE } from '../fs/modes.ts';
import { platform } from '../platform/index.ts';
import { MAKE_DIR } from '../store/location.ts';
import { appendRecord, trustStore } from '../store/writer.ts';
import { nowUs } from '../system/clock.ts';
import { newSpanId, newTraceId } from '../system/random.ts';
import type { Env } from '../trace/carrier.ts';
import { type MakeGroupHeader, parseLedger, recipeLine } from '../trace/make-span.ts';
import type { SpanContext } from '../trace/span-context.ts';

/**
 * `SHELL := vstrace-sh` with no span around make: every recipe line would be a
 * trace of its own. Instead one make invocation is one trace, under a span for
 * make — as a CI job's span is derived from the run, this one is made once per
 * make process. The first line of a make (O_EXCL, by link(2): a make -j burst
 * elects exactly one) writes the group's ledger, `make/<pid>-<start>` in the
 * store, with fresh ids, and starts a watcher (make-watch.ts) that records the
 * make span once make is gone; every line reads the ids and, when it ends,
 * appends its end and status. The pid's start time keeps a reused pid from
 * joining an old group (where the system tells it; elsewhere the watcher
 * removing the ledger when make exits does).
 */
export const MAKE_WATCH_ENTRY = 'make-watch.js';

export interface MakeGroup {
  /** Where the line hangs: the make span. */
  context: SpanContext;
  ledger: string;
}

export function joinMakeGroup(home: string, parent: SpanContext | undefined, env: Env, cwd: string, redact: (argv: string[]) => string[]): MakeGroup | undefined {
  const pid = process.ppid;
  // The start time where the system tells it cheaply (a stable token); elsewhere the pid alone.
  const started = platform.processStartTimeIfCheap(pid);
  const ledger = join(home, MAKE_DIR, `${pid}-${started ?? 'x'}`);
  try {
    const header = readHeader(ledger) ?? lead(ledger, newHeader(pid, parent, cwd, redact), home, env);
    return header && { context: { traceId: header.traceId, spanId: header.spanId, flags: parent?.flags ?? '01', ...(header.traceState ? { traceState: header.traceState } : {}) }, ledger };
  } catch {
    return undefined; // no group: the line is a trace of its own, as before
  }
}

/** The line's end, for the make span's end and status. Best effort. */
export function leaveRecipeLine(group: MakeGroup, endUs: number, failed: boolean): void {
  try {
    appendRecord(group.ledger, recipeLine(endUs, failed));
  } catch {
    // the make span then ends at the lines that did report
  }
}

function readHeader(ledger: string): MakeGroupHeader | undefined {
  try {
    return parseLedger(readStoreText(ledger))?.header;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function newHeader(pid: number, parent: SpanContext | undefined, cwd: string, redact: (argv: string[]) => string[]): MakeGroupHeader {
  const shown = platform.commandLine(pid)?.split(' ').filter(Boolean);
  return {
    traceId: parent?.traceId ?? newTraceId(),
    spanId: newSpanId(),
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    ...(parent?.traceState ? { traceState: parent.traceState } : {}),
    startUs: platform.processStartedAtUs(pid) ?? nowUs(),
    pid,
    argv: redact(shown && shown.length > 0 ? shown : ['make']),
    cwd,
  };
}

/**
 * Publishes the ledger whole (written aside, then linked into place, which
 * fails if another line got there first) and starts the watcher; the loser of
 * a race reads the winner's ids.
 */
function lead(ledger: string, header: MakeGroupHeader, home: string, env: Env): MakeGroupHeader | undefined {
  trustStore(home);
  makeDirs(join(home, MAKE_DIR), DIR_MODE);
  const aside = `${ledger}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(header)}\n`, { mode: FILE_MODE, flag: 'wx' });
  try {
    linkSync(aside, ledger);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readHeader(ledger);
  } finally {
    unlinkSync(aside);
  }
  startWatcher(home, ledger, header.pid, env);
  return header;
}

function startWatcher(home: string, ledger: string, pid: number, env: Env): void {
  const child = childProcess().spawn(process.execPath, [join(__dirname, MAKE_WATCH_ENTRY), home, ledger, String(pid)], { detached: true, stdio: 'ignore', env: env as NodeJS.ProcessEnv });
  child.on('error', () => {}); // no watcher: the lines keep their trace, the make span is never recorded
  child.unref();
}
