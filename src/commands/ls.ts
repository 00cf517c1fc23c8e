import type { Env } from '../trace/carrier.ts';
import { choosePalette } from '../view/format.ts';
import { renderTraceList, traceRow } from '../view/list.ts';
import { loadTraces } from './query.ts';

export interface LsOptions {
  limit: number;
  json: boolean;
}

export function lsCommand(options: LsOptions, env: Env, isTTY: boolean): string {
  const traces = loadTraces(env).slice(0, options.limit);
  if (options.json) return JSON.stringify(traces.map(traceRow), null, 2);
  return renderTraceList(traces, choosePalette(isTTY, env));
}
