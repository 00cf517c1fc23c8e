import type { Env } from '../../trace/carrier.ts';
import { nowUs } from '../../system/clock.ts';
import { treeRows } from '../../trace/traces.ts';
import { choosePalette } from '../../view/format.ts';
import { traceUrl } from '../../view/trace-url.ts';
import { renderWaterfall } from '../../view/waterfall.ts';
import { loadTrace, readerSettings } from '../../store/queries.ts';

export interface ShowOptions {
  json: boolean;
  width?: number;
  /** Every span, no folding of long sibling runs. */
  all?: boolean;
}

export function showCommand(ref: string, options: ShowOptions, env: Env, isTTY: boolean, columns?: number): string {
  const settings = readerSettings(env);
  const { trace, attributesOf } = loadTrace(settings.store.home, ref, options.json);
  const url = traceUrl(settings.export.uiUrl, settings.export.exporter, trace.traceId);
  if (options.json) {
    const spans = treeRows(trace).map(({ span, depth }) => ({ depth, ...span }));
    return JSON.stringify({ traceId: trace.traceId, ...(url ? { url } : {}), spans }, null, 2);
  }
  const width = options.width ?? columns ?? 100;
  const waterfall = renderWaterfall(trace, { width, palette: choosePalette(isTTY, env), nowUs: nowUs(), attributesOf, ...(options.all ? { maxRows: Infinity } : {}) });
  return url ? `${waterfall}\n${url}` : waterfall;
}
