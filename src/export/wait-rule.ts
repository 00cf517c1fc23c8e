import { plural } from '../plural.ts';
import type { QueueState } from './state.ts';

/**
 * Whether delivery from a queue is stuck, so that a root span waiting for its
 * trace would only add its whole bound to the command's wall time (every line
 * of a Makefile run through vstrace-sh is a root). Read from state.json, never
 * from the network: this is on the run path. Two signs:
 *
 * - The last finished attempt failed, recently — no success since, as a success
 *   would be the last attempt. "Recently" is RECENT_FAILURE_MS after that
 *   attempt ended: longer than a live flusher's longest pause between attempts
 *   (its backoff tops out at 10 s), so a failure counts for as long as a
 *   flusher keeps retrying; once nobody has tried for that long, the next root
 *   span waits again and so finds a collector that has come back.
 * - An attempt has been in flight for STALLED_ATTEMPT_MS or more. A healthy
 *   collector acknowledges a batch in milliseconds, so this is the exporter
 *   backing off between its own retries (refused, 429, 5xx: ~8 s before it
 *   reports a failure) or a collector that does not answer — and since the
 *   attempt began before this span was queued, the span waits behind it.
 *
 * Returns why, in words for --verbose, or undefined when a wait is worth it.
 */
export const RECENT_FAILURE_MS = 30_000;
export const STALLED_ATTEMPT_MS = 1_000;

export function stuckReason(state: QueueState, nowUs: number): string | undefined {
  const last = state.lastAttempt;
  if (last && !last.ok) {
    // Either way from now: a failure dated far ahead comes from a clock that was stepped back, and must not count for hours.
    const ageMs = (nowUs - (last.endUs ?? last.atUs)) / 1000;
    if (Math.abs(ageMs) < RECENT_FAILURE_MS) return `the last attempt failed ${seconds(ageMs)} ago: ${last.error ?? 'unknown error'}`;
  }
  const sending = state.sending;
  if (!sending) return undefined;
  const inFlightMs = (nowUs - sending.sinceUs) / 1000;
  return inFlightMs >= STALLED_ATTEMPT_MS ? `an attempt with ${plural(sending.spans, 'span')} has been in flight for ${seconds(inFlightMs)}` : undefined;
}

const seconds = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
