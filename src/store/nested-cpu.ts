import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { CpuTimes } from '../platform/reads.ts';
import { readStoreText } from '../fs/store-read.ts';
import { appendRecord } from './writer.ts';

/**
 * A run's CPU figure is what its reaped children used (cutime + cstime), and
 * that includes every nested vstrace it waited for: ~50 ms of Node each, which
 * a Makefile of vstrace-sh lines turns into most of the figure. So a nested run
 * leaves its own CPU in `cpu/<parent span id>` (one appended line), and the
 * parent takes the file when its command has ended and subtracts the sum.
 * A parent that is not a run (a `start` span, a CI job) never takes its file:
 * readers sweep those after a day (prune.ts). A line costs one append; a run
 * with no nested vstrace pays one failed open.
 */
export const NESTED_CPU_DIR = 'cpu';
const SPAN_ID = /^[0-9a-f]{16}$/;
const ledger = (home: string, spanId: string) => join(home, NESTED_CPU_DIR, spanId);

/** Leaves this process's own CPU for the run that is waiting for it. Best effort: the figure is a refinement. */
export function leaveOwnCpu(home: string, parentSpanId: string, own: CpuTimes): void {
  if (!SPAN_ID.test(parentSpanId)) return;
  try {
    appendRecord(ledger(home, parentSpanId), `${own.user.toFixed(6)} ${own.system.toFixed(6)}\n`);
  } catch {
    // No ledger: the parent's figure then includes this process, as before.
  }
}

/** The CPU the nested vstrace processes of `spanId` reported, and the ledger removed; undefined when none did. */
export function takeNestedCpu(home: string, spanId: string): CpuTimes | undefined {
  if (!SPAN_ID.test(spanId)) return undefined;
  const path = ledger(home, spanId);
  let text: string;
  try {
    text = readStoreText(path);
  } catch {
    return undefined;
  }
  rmSync(path, { force: true });
  const sum = { user: 0, system: 0 };
  for (const line of text.split('\n')) {
    const [user, system] = line.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(system) && user! >= 0 && system! >= 0) {
      sum.user += user!;
      sum.system += system!;
    }
  }
  return sum;
}

/** A span that is not a run (start/end) has no CPU figure to correct: what its nested runs left is dropped. */
export function dropNestedCpu(home: string, spanId: string): void {
  if (SPAN_ID.test(spanId)) rmSync(ledger(home, spanId), { force: true });
}
