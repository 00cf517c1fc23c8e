import { Command } from 'commander';
import { VERSION } from './version.ts';
import { defineRun } from './commands/run/definition.ts';
import { defineLs } from './commands/ls/definition.ts';
import { defineShow } from './commands/show/definition.ts';
import { defineStart } from './commands/start/definition.ts';
import { defineEnd } from './commands/end/definition.ts';
import { defineEvent } from './commands/event/definition.ts';
import { defineCi } from './commands/ci/definition.ts';
import { defineStats } from './commands/stats/definition.ts';
import { defineDora } from './commands/dora/definition.ts';
import { defineReport } from './commands/report/definition.ts';
import { definePrune } from './commands/prune/definition.ts';
import { defineConfig } from './commands/config/definition.ts';
import { defineDoctor } from './commands/doctor/definition.ts';
import { defineFlush } from './commands/flush/definition.ts';
import { defineServe } from './commands/serve/definition.ts';
import { defineImport } from './commands/import/definition.ts';
import { defineTail } from './commands/tail/definition.ts';
import type { Registrar, ResultSink } from './cli/result.ts';
import type { CliIO } from './cli/io.ts';
import { describeFromSummaries } from './cli/help.ts';

/** Every command, in the order `vstrace --help` lists them; each one's home is src/commands/<name>/. */
const COMMANDS: readonly Registrar[] = [
  defineRun,
  defineLs,
  defineShow,
  defineStart,
  defineEnd,
  defineEvent,
  defineCi,
  defineStats,
  defineDora,
  defineReport,
  definePrune,
  defineConfig,
  defineDoctor,
  defineFlush,
  defineServe,
  defineImport,
  defineTail,
];

export function buildProgram(io: CliIO, result: ResultSink): Command {
  const program = new Command('vstrace')
    .description('Trace the work that happens in shells: every command a span, in a local store first.')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (text) => io.out(text), outputError: (text, write) => write(`${text.split('\n').filter(Boolean).join('\n')}\n`) });
  for (const define of COMMANDS) define(program, io, result);
  describeFromSummaries(program);
  return program;
}
