import type { Env } from '../trace/carrier.ts';
import { nowUs } from '../trace/span.ts';
import { treeRows } from '../trace/traces.ts';
import { choosePalette } from '../view/format.ts';
import { renderWaterfall } from '../view/waterfall.ts';
import { loadTraces, pickTrace } from './query.ts';

export interface ShowOptions {
  json: boolean;
  width?: number;
}

export function showCommand(ref: string, options: ShowOptions, env: Env, isTTY: boolean, columns?: number): string {
  const trace = pickTrace(loadTraces(env), ref);
  if (options.json) {
    const spans = treeRows(trace).map(({ span, depth }) => ({ depth, ...span }));
    return JSON.stringify({ traceId: trace.traceId, spans }, null, 2);
  }
  const width = options.width ?? columns ?? 100;
  return renderWaterfall(trace, { width, palette: choosePalette(isTTY, env), nowUs: nowUs() });
}
