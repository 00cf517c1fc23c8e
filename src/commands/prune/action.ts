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

export function pruneCommand(options: PruneOptions, env: Env, nowUs: number): string {
  const { store } = resolveSettings({}, env);
  const limits: PruneLimits = options.olderThan !== undefined ? { beforeUs: nowUs - options.olderThan } : capLimits(store, nowUs);
  const result = pruneStore(store.home, limits, nowUs);
  if (options.json) return JSON.stringify(result, null, 2);
  if (result.removed.length === 0) return `Nothing to prune: ${mb(result.keptBytes)} in ${store.home}.`;
  const days = result.removed.map((p) => p.slice(-16, -6));
  const range = days.length === 1 ? days[0] : `${days[0]} … ${days.at(-1)}`;
  return `Removed ${plural(days.length, 'day')} of spans (${range}), freed ${mb(result.freedBytes)}; ${mb(result.keptBytes)} kept.`;
}
