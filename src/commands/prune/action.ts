import { plural } from '../../plural.ts';
import { resolveSettings } from '../../config/resolve.ts';
import { capLimits, pruneStore, type PruneLimits } from '../../store/prune.ts';
import type { Env } from '../../trace/carrier.ts';

export interface PruneOptions {
  /** --older-than in µs; without it, the configured store.maxAgeDays and store.maxSizeMb. */
  olderThan?: number;
  json: boolean;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `2026-11-02`, or `2026-11-02 … 2026-11-09`, from segment paths. */
function dayRange(paths: readonly string[]): string {
  const days = paths.map((p) => p.slice(-16, -6));
  return days.length === 1 ? days[0]! : `${days[0]} … ${days.at(-1)}`;
}

export function pruneCommand(options: PruneOptions, env: Env, nowUs: number): string {
  const { store } = resolveSettings({}, env);
  const limits: PruneLimits = options.olderThan !== undefined ? { beforeUs: nowUs - options.olderThan } : capLimits(store, nowUs);
  const result = pruneStore(store.home, limits, nowUs);
  if (options.json) return JSON.stringify(result, null, 2);
  const open =
    result.keptOpen.length === 0
      ? ''
      : ` Kept ${plural(result.keptOpen.length, 'day')} (${dayRange(result.keptOpen)}) holding spans still open: vstrace end them, and the next prune removes ${result.keptOpen.length === 1 ? 'it' : 'them'}.`;
  if (result.removed.length === 0) return `Nothing to prune: ${mb(result.keptBytes)} in ${store.home}.${open}`;
  return `Removed ${plural(result.removed.length, 'day')} of spans (${dayRange(result.removed)}), freed ${mb(result.freedBytes)}; ${mb(result.keptBytes)} kept.${open}`;
}
