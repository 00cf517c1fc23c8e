import { Command } from 'commander';
import { VERSION } from '../version.ts';
import { registerAnalyticsCommands } from './commands/analytics.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerCausalityCommands } from './commands/causality.ts';
import { registerQueryCommands } from './commands/query.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerExportCommands } from './commands/export.ts';
import type { Registrar, ResultSink } from './result.ts';
import type { CliIO } from './run-entry.ts';

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
