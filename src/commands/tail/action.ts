import type { CommandResult } from '../../cli/result.ts';
import { resolveSettings } from '../../config/resolve.ts';
import { followStore } from '../../store/follow.ts';
import { untilStopped } from '../../process/signals.ts';
import type { Env } from '../../trace/carrier.ts';
import { matchesSpan, type TraceFilter } from '../../trace/filter.ts';
import { choosePalette } from '../../view/format.ts';
import { tailLine, tailRow } from '../../view/tail.ts';

export interface TailOptions extends Omit<TraceFilter, 'sinceUs'> {
  json: boolean;
}

/**
 * `vstrace tail`: every span that ends in the store from now on, one line
 * each (one JSON object each with --json), until SIGINT or SIGTERM (the edge
 * ends it quietly when the reader of stdout goes away: `vstrace tail | head`). Open spans are not shown: a span appears
 * once it has ended.
 */
export async function tailCommand(options: TailOptions, env: Env, isTTY: boolean, print: (text: string) => void): Promise<CommandResult> {
  const { home } = resolveSettings({}, env).store;
  const palette = choosePalette(isTTY, env);
  const stop = followStore(home, (spans) => {
    const lines = spans.filter((s) => s.endUs !== undefined && matchesSpan(s, options)).map((s) => (options.json ? JSON.stringify(tailRow(s)) : tailLine(s, palette)));
    if (lines.length > 0) print(`${lines.join('\n')}\n`);
  });
  await untilStopped();
  stop();
  return { kind: 'none', exitCode: 0 };
}
