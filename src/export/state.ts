import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './spool.ts';

/**
 * What a queue's flushers have done, kept next to the queue: totals for
 * `vstrace flush`/`doctor`, and the last attempt, which a root span waiting
 * for its trace reads to stop waiting early when delivery is failing.
 * Written only by the lock holder, atomically (tmp + rename).
 */
export interface QueueState {
  delivered: number;
  /** Spans dropped by the spool caps (age, size) or unreadable. */
  dropped: number;
  lastAttempt?: { atUs: number; ok: boolean; spans: number; error?: string };
  lastDeliveredAtUs?: number;
}

const FILE = 'state.json';

export function readState(queue: string): QueueState {
  try {
    const raw = JSON.parse(readFileSync(join(queue, FILE), 'utf8')) as Partial<QueueState>;
    return {
      delivered: Number(raw.delivered) || 0,
      dropped: Number(raw.dropped) || 0,
      ...(raw.lastAttempt ? { lastAttempt: raw.lastAttempt } : {}),
      ...(raw.lastDeliveredAtUs ? { lastDeliveredAtUs: raw.lastDeliveredAtUs } : {}),
    };
  } catch {
    return { delivered: 0, dropped: 0 };
  }
}

export function updateState(queue: string, change: (state: QueueState) => void): QueueState {
  const state = readState(queue);
  change(state);
  writeAtomic(join(queue, FILE), JSON.stringify(state));
  return state;
}
