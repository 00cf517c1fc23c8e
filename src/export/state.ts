import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './spool.ts';

/**
 * What a queue's flushers have done, kept next to the queue: totals for
 * `vstrace flush`/`doctor`, the attempt in flight and the last one finished,
 * which a root span reads to skip or cut short its wait when delivery is
 * failing (see wait-rule.ts). Written only by the lock holder, atomically
 * (tmp + rename).
 */
export interface QueueState {
  delivered: number;
  /** Spans dropped by the spool caps (age, size) or unreadable. */
  dropped: number;
  /** `endUs` is absent in files written before it was recorded. */
  lastAttempt?: { atUs: number; endUs?: number; ok: boolean; spans: number; error?: string };
  lastDeliveredAtUs?: number;
  /** The export call in flight; left behind only by a killed flusher (its lock's holder is dead). */
  sending?: { sinceUs: number; spans: number };
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
      ...(raw.sending ? { sending: raw.sending } : {}),
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
