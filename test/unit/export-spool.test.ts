import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { enforceCaps } from '../../src/export/caps.ts';
import { flusherCaps } from '../../src/export/drain-all.ts';
import { resolveDestination, type OtlpDestination } from '../../src/export/destination.ts';
import { holderAlive, lockHolder, selfIdentity, tryLock, unlock } from '../../src/export/lock.ts';
import { enqueueSpan, listQueued, parseSpanFileName, readDestination, spanFile, traceQueued } from '../../src/export/spool.ts';
import { defaultSettings } from '../../src/config/schema.ts';
import type { SpanRecord } from '../../src/trace/span.ts';
import { tempDir } from '../support/env.ts';

let dir: { path: string; cleanup: () => void };
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

const destination = (token = 'a'): OtlpDestination => {
  const r = resolveDestination({ ...defaultSettings({}).export, exporter: 'otlp', endpoint: 'http://127.0.0.1:4318', headers: { token } });
  if (!r.ok || r.value.kind !== 'otlp') throw new Error('bad destination');
  return r.value;
};
let n = 0;
const span = (patch: Partial<SpanRecord> = {}): SpanRecord => ({
  traceId: 'a'.repeat(32),
  spanId: (++n).toString(16).padStart(16, '0'),
  name: 'x',
  startUs: 1_000_000,
  endUs: Date.now() * 1000,
  status: { code: 'unset' },
  attributes: {},
  resource: { 'service.name': 's' },
  ...patch,
});

describe('spool', () => {
  test('a span is one file named by end time, trace and span; the same span queued twice is one file', () => {
    const s = span();
    const queue = enqueueSpan(dir.path, destination(), s);
    enqueueSpan(dir.path, destination(), s);
    const names = listQueued(queue);
    expect(names).toHaveLength(1);
    expect(parseSpanFileName(names[0]!)).toEqual({ endUs: s.endUs, traceId: s.traceId, spanId: s.spanId });
    expect(traceQueued(queue, s.traceId)).toBe(true);
    expect(traceQueued(queue, 'b'.repeat(32))).toBe(false);
    expect(readdirSync(join(queue, 'tmp'))).toEqual([]);
  });

  test('open spans are never queued', () => {
    expect(() => enqueueSpan(dir.path, destination(), span({ endUs: undefined }))).toThrow(/open span/);
  });

  test('oldest first; destination.json follows the latest settings (a rotated token)', () => {
    const queue = enqueueSpan(dir.path, destination('old'), span({ endUs: 3_000_000 }));
    enqueueSpan(dir.path, destination('new'), span({ endUs: 2_000_000 }));
    expect(listQueued(queue).map((f) => parseSpanFileName(f)!.endUs)).toEqual([2_000_000, 3_000_000]);
    expect(readDestination(queue)!.headers).toEqual({ token: 'new' });
  });

  test('caps: spans past maxAgeDays, then the oldest beyond maxSizeMb, are dropped and counted', () => {
    const now = Date.now() * 1000;
    const day = 86_400_000_000;
    const queue = enqueueSpan(dir.path, destination(), span({ endUs: now - 10 * day }));
    for (let i = 0; i < 5; i++) enqueueSpan(dir.path, destination(), span({ endUs: now - (5 - i) * 1000, name: 'y'.repeat(300_000) }));
    expect(enforceCaps(queue, { maxAgeDays: 7, maxSizeMb: 100 }, now)).toBe(1);
    expect(listQueued(queue)).toHaveLength(5);
    // ~300 KB each: 1 MB keeps the newest three.
    expect(enforceCaps(queue, { maxAgeDays: 7, maxSizeMb: 1 }, now)).toBe(2);
    expect(listQueued(queue).map((f) => parseSpanFileName(f)!.endUs)).toEqual([now - 3000, now - 2000, now - 1000]);
  });

  test('caps of 0 are no caps, in vstrace flush and in the background flusher alike', () => {
    const now = Date.now() * 1000;
    const queue = enqueueSpan(dir.path, destination(), span({ endUs: now - 400 * 86_400_000_000 }));
    enqueueSpan(dir.path, destination(), span({ endUs: now - 1000, name: 'y'.repeat(300_000) }));
    expect(enforceCaps(queue, { maxAgeDays: 0, maxSizeMb: 0 }, now)).toBe(0);
    expect(listQueued(queue)).toHaveLength(2);
    expect(flusherCaps('0', '0')).toEqual({ maxAgeDays: 0, maxSizeMb: 0 });
    expect(flusherCaps('1.5', '64')).toEqual({ maxAgeDays: 1.5, maxSizeMb: 64 });
    expect(flusherCaps(undefined, 'x')).toEqual({ maxAgeDays: 7, maxSizeMb: 256 });
  });

  test('caps sweep temp files of writers killed mid-enqueue, after an hour', () => {
    const queue = enqueueSpan(dir.path, destination(), span());
    const old = join(queue, 'tmp', 'dead.123');
    const fresh = join(queue, 'tmp', 'live.456');
    writeFileSync(old, '{');
    writeFileSync(fresh, '{');
    utimesSync(old, new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));
    enforceCaps(queue, { maxAgeDays: 7, maxSizeMb: 10 }, Date.now() * 1000);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(spanFile(queue, listQueued(queue)[0]!))).toBe(true);
  });
});

describe('flusher lock', () => {
  // The pid of a process that has exited.
  const deadPid = (): number => Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());

  test('one holder at a time; released only by its holder', () => {
    expect(tryLock(dir.path)).toBe(true);
    expect(lockHolder(dir.path)).toBe(process.pid);
    expect(tryLock(dir.path)).toBe(false);
    unlock(dir.path);
    expect(lockHolder(dir.path)).toBeUndefined();
    expect(tryLock(dir.path)).toBe(true);
    unlock(dir.path);
  });

  test('a killed holder does not leave the lock stuck', () => {
    writeFileSync(join(dir.path, 'flusher.lock'), `${deadPid()} 12345`);
    expect(lockHolder(dir.path)).toBeUndefined();
    expect(tryLock(dir.path)).toBe(true);
    expect(lockHolder(dir.path)).toBe(process.pid);
    unlock(dir.path);
  });

  test('a reused pid (alive, but started at another time) is not the holder', () => {
    expect(holderAlive(selfIdentity())).toBe(true);
    expect(holderAlive(`${process.pid} 1`)).toBe(false);
    writeFileSync(join(dir.path, 'flusher.lock'), `${process.pid} 1`);
    expect(tryLock(dir.path)).toBe(true);
    unlock(dir.path);
  });

  test('an empty lock is a taker between create and write: respected while young, broken when old', () => {
    const path = join(dir.path, 'flusher.lock');
    writeFileSync(path, '');
    expect(tryLock(dir.path)).toBe(false);
    utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(tryLock(dir.path)).toBe(true);
    unlock(dir.path);
  });

  test('a lock being broken by another taker (break file present) is left alone', () => {
    writeFileSync(join(dir.path, 'flusher.lock'), `${deadPid()} 1`);
    writeFileSync(join(dir.path, 'flusher.lock.break'), '');
    expect(tryLock(dir.path)).toBe(false);
  });
});
