import { Command } from 'commander';
import type { Ending } from '../process/outcome.ts';
import { VERSION } from '../version.ts';
import { registerAnalyticsCommands } from './commands/analytics.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerCausalityCommands } from './commands/causality.ts';
import { registerQueryCommands } from './commands/query.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerExportCommands } from './commands/export.ts';
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

const REGISTRARS: readonly Registrar[] = [registerRunCommand, registerQueryCommands, registerCausalityCommands, registerAnalyticsCommands, registerConfigCommands, registerExportCommands];

export function buildProgram(io: CliIO, result: ResultSink): Command {
  const program = new Command('vstrace')
    .description('Trace the work that happens in shells: every command a span, in a local store first.')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text.split('\n').filter(Boolean).join('\n') + '\n') });
  for (const register of REGISTRARS) register(program, io, result);
  return program;
}
