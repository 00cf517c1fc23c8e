import { statSync } from 'node:fs';
import { listSegments } from '../store/reader.ts';
import type { Check, DoctorContext } from './check.ts';

/** Before this, the clock is certainly wrong (vstrace did not exist). */
const EARLIEST = Date.UTC(2025, 0, 1);
/** A store written this far "in the future" means the clock went back. */
const TOLERANCE_MS = 60_000;
const FIX = "synchronise the clock (timedatectl set-ntp true, or your platform's NTP service)";

/**
 * Span times come from the wall clock: it must be plausible, and not behind
 * the newest write to the store (a clock set back makes traces overlap).
 */
export function clockChecks({ settings }: DoctorContext, now: number = Date.now()): Check[] {
  const iso = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  if (now < EARLIEST) return [{ name: 'clock', ok: false, detail: `the clock says ${iso}, which cannot be right`, fix: FIX }];
  const newest = listSegments(settings.store.home).at(-1);
  const written = newest === undefined ? undefined : statSync(newest, { throwIfNoEntry: false })?.mtimeMs;
  if (written !== undefined && written - now > TOLERANCE_MS) {
    const behind = Math.round((written - now) / 1000);
    return [{ name: 'clock', ok: false, detail: `${iso} is ${behind}s behind the newest write to the store: new spans would sort before old ones`, fix: FIX }];
  }
  return [{ name: 'clock', ok: true, detail: `${iso}, not behind the store` }];
}
