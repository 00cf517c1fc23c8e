import type { CommandResult } from './cli/result.ts';
import type * as ProgramChunk from './program-entry.ts';
import type * as EventChunk from './vscli-main.ts';
import type { CliIO } from './cli/io.ts';
import { runParsed } from './commands/run/entry.ts';
import { parseRunArgs } from './cli/run-options.ts';
import { loadChunk } from './chunks.ts';
import { USAGE_EXIT } from './trace/outcome.ts';
import { cliIO, exitWithError, finish } from './cli/edge.ts';

/**
 * The edge: the only place that exits. A plain `vstrace run …` takes the fast
 * path, and `vscli event …` its own small chunk, without loading commander;
 * everything else goes through commander.
 * Usage errors of `run` exit 125 (as `env` and `timeout` do) so they can never
 * be mistaken for the command's own status; other commands' usage errors exit 2.
 */
async function runMain(argv: string[]): Promise<void> {
  const io = cliIO();
  const isRun = argv.slice(2).find((a) => !a.startsWith('-')) === 'run';
  const usageExit = isRun ? USAGE_EXIT : 2;
  try {
    const fast = argv[2] === 'run' ? parseRunArgs(argv.slice(3)) : undefined;
    const direct = !fast && argv[2] === 'event' ? loadChunk<typeof EventChunk>('event').eventDirect(argv.slice(3), io.env) : undefined;
    finish(fast ? { kind: 'ended', ending: await runParsed(fast, io) } : (direct ?? (await parseWithCommander(argv, io, usageExit, isRun))));
  } catch (error) {
    exitWithError(error, usageExit, isRun ? USAGE_EXIT : 1);
  }
}

async function parseWithCommander(argv: string[], io: CliIO, usageExit: number, isRun: boolean): Promise<CommandResult> {
  const { CommanderError, buildProgram } = loadChunk<typeof ProgramChunk>('program');
  let result: CommandResult = { kind: 'none' };
  // `vstrace ls | head`, `vstrace --help | head`: a reader that left early is no error; the status
  // stays the command's. Never for run: making the stdout stream could change the flags of the
  // descriptor the command shares.
  if (!isRun) process.stdout.on('error', () => process.exit(result.kind === 'output' ? (result.exitCode ?? 0) : 0));
  const program = buildProgram(io, (r) => (result = r));
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // --help and --version "fail" with exit code 0; real usage errors were already printed by commander.
    if (error instanceof CommanderError) return { kind: 'none', exitCode: error.exitCode === 0 ? 0 : usageExit };
    throw error;
  }
  return result;
}

void runMain(process.argv);
