import { printed, type CommandResult } from '../../cli/result.ts';
import { orThrow } from '../../errors.ts';
import type { Env } from '../../trace/carrier.ts';
import { parseEventArgs } from '../../trace/vscli-grammar.ts';
import { eventCommand } from './action.ts';

/**
 * `vscli event …` without commander (bundled as dist/event.js, src/cli.ts):
 * an instrumented script runs it before and after every step, and commander
 * with the other commands costs a start ~15 ms. The grammar is vscli's own,
 * so commander adds nothing but `--help` and its `--` rule: those two go to
 * commander (undefined here), so help and its text keep one home.
 */
export function eventDirect(words: readonly string[], env: Env): CommandResult | undefined {
  if (words.some((w) => w === '--help' || w === '--')) return undefined;
  return eventResult(words, env);
}

export function eventResult(words: readonly string[], env: Env): CommandResult {
  return printed(eventCommand(orThrow(parseEventArgs(words)), env));
}
