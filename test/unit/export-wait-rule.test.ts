import { describe, expect, test } from 'vitest';
import type { QueueState } from '../../src/export/state.ts';
import { RECENT_FAILURE_MS, STALLED_ATTEMPT_MS, stuckReason } from '../../src/export/wait-rule.ts';

const NOW = 1_800_000_000_000_000;
const MS = 1000;
const state = (patch: Partial<QueueState>): QueueState => ({ delivered: 0, dropped: 0, ...patch });
const failedAt = (endUs: number) => ({ lastAttempt: { atUs: endUs - 8_000 * MS, endUs, ok: false, spans: 3, error: 'connect ECONNREFUSED 127.0.0.1:4318' } });

describe('stuckReason: whether a root span should skip its wait', () => {
  test('a fresh queue, or the last attempt a success: wait', () => {
    expect(stuckReason(state({}), NOW)).toBeUndefined();
    expect(stuckReason(state({ lastAttempt: { atUs: NOW - 5 * MS, endUs: NOW - MS, ok: true, spans: 1 } }), NOW)).toBeUndefined();
  });

  test('a failure that ended within the recent window: stuck, with its error', () => {
    expect(stuckReason(state(failedAt(NOW - 2_000 * MS)), NOW)).toBe('the last attempt failed 2.0 s ago: connect ECONNREFUSED 127.0.0.1:4318');
    expect(stuckReason(state(failedAt(NOW - (RECENT_FAILURE_MS - 1) * MS)), NOW)).toMatch(/^the last attempt failed/);
  });

  test('a failure older than the window: wait again, the collector may be back', () => {
    expect(stuckReason(state(failedAt(NOW - RECENT_FAILURE_MS * MS)), NOW)).toBeUndefined();
    expect(stuckReason(state(failedAt(NOW - 3_600_000 * MS)), NOW)).toBeUndefined();
  });

  test('a failure dated an hour ahead (the clock stepped back) does not count for that hour', () => {
    expect(stuckReason(state(failedAt(NOW + 3_600_000 * MS)), NOW)).toBeUndefined();
  });

  test('state files from before endUs was recorded: the start of the attempt stands in', () => {
    expect(stuckReason(state({ lastAttempt: { atUs: NOW - 100 * MS, ok: false, spans: 1 } }), NOW)).toBe('the last attempt failed 0.1 s ago: unknown error');
  });

  test('an attempt in flight: stuck only once it has run longer than a healthy collector takes', () => {
    expect(stuckReason(state({ sending: { sinceUs: NOW - 50 * MS, spans: 4 } }), NOW)).toBeUndefined();
    expect(stuckReason(state({ sending: { sinceUs: NOW - STALLED_ATTEMPT_MS * MS, spans: 4 } }), NOW)).toBe('an attempt with 4 spans has been in flight for 1.0 s');
  });
});
