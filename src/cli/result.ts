import type { Command } from 'commander';
import type { Ending } from '../trace/outcome.ts';
import type { CliIO } from './run-entry.ts';

/**
 * What a command hands back to the edge: text for stdout (with the exit status
 * to end with, default 0), or how a wrapped command ended.
 */
export type CommandResult =
  | { kind: 'output'; text: string; exitCode?: number }
  | { kind: 'ended'; ending: Ending }
  | { kind: 'none'; exitCode?: number };

/** Hands a command's result to the edge (src/cli.ts), which prints it and exits. */
export type ResultSink = (r: CommandResult) => void;

/** One area's commands (run, query, export, …), each defined in its own file under cli/commands/. */
export type Registrar = (program: Command, io: CliIO, result: ResultSink) => void;
