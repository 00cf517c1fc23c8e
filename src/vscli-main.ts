import { exitWithError, finish } from './cli/edge.ts';
import { eventDirect } from './commands/event/direct.ts';

export { eventDirect } from './commands/event/direct.ts';

/**
 * vscli's entry (dist/event.js, loaded first by bin/vscli): `vscli event …`
 * runs before and after every step of an instrumented script, so it is
 * served here without the CLI's bundle or commander — the ~3 ms of loading
 * dist/cli.js too. Anything else (help, `--`, another command) returns
 * false, and the bin loads the whole CLI, which handles it from the start.
 * src/cli.ts takes eventDirect from here for `vstrace event …`.
 */
export function main(argv: readonly string[] = process.argv): boolean {
  if (argv[2] !== 'event') return false;
  try {
    const result = eventDirect(argv.slice(3), process.env);
    if (result === undefined) return false;
    finish(result);
  } catch (error) {
    exitWithError(error, 2, 1);
  }
  return true;
}
