import type { Env } from '../../trace/carrier.ts';
import type { TraceFilter } from '../../trace/filter.ts';
import { choosePalette } from '../../view/format.ts';
import { describeFilters, noMatch, renderTraceList, traceRow } from '../../view/list.ts';
import { readerSettings, recentTraces } from '../../store/queries.ts';

export interface LsOptions extends Omit<TraceFilter, 'sinceUs'> {
  limit: number;
  json: boolean;
  /** How far back, in µs (from --since). */
  since?: number;
}

export function lsCommand(options: LsOptions, env: Env, isTTY: boolean, nowUs: number): string {
  const { home } = readerSettings(env).store;
  const filter: TraceFilter = {
    ...(options.since !== undefined && Number.isFinite(options.since) ? { sinceUs: nowUs - options.since } : {}),
    ...(options.type !== undefined ? { type: options.type } : {}),
    ...(options.tags?.length ? { tags: options.tags } : {}),
    ...(options.status ? { status: options.status } : {}),
  };
  const traces = recentTraces(home, filter, options.limit);
  if (options.json) return JSON.stringify(traces.map(traceRow), null, 2);
  const filters = describeFilters(options);
  // Only an empty answer pays for the second look: does the store hold anything at all?
  if (traces.length === 0 && filters !== '' && recentTraces(home, {}, 1).length > 0) return noMatch(filters);
  return renderTraceList(traces, choosePalette(isTTY, env));
}
