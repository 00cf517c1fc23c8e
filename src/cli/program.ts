import { Command, Option } from 'commander';
import { lsCommand } from '../commands/ls.ts';
import { runParsed, type CliIO } from './run-entry.ts';
import { commanderFlags, RUN_OPTIONS, type ParsedRun } from './run-options.ts';
import { showCommand } from '../commands/show.ts';
import type { Ending } from '../process/outcome.ts';
import { VERSION } from '../version.ts';

/** What a command hands back to the edge: text for stdout, or how a wrapped command ended. */
export type CommandResult = { kind: 'output'; text: string } | { kind: 'ended'; ending: Ending } | { kind: 'none' };

const collect = (value: string, previous: string[] = []) => [...previous, value];

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`"${value}" is not a positive whole number`);
  return n;
};

const RUN_HELP = `
Examples:
  vstrace run --type=build --tag service=api -- docker build -f Dockerfile.api .
  vstrace run --type=deploy --shell -- 'kubectl apply -f k8s/ | tee apply.log'
  vstrace run --parent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 -- make test

The command runs exactly as it would without vstrace: same stdio, same exit
status (128+N and the same signal when it is killed), 127 when not found, 126
when not executable; 125 is vstrace's own usage error.`;

export function buildProgram(io: CliIO, result: (r: CommandResult) => void): Command {
  const program = new Command('vstrace')
    .description('Trace the work that happens in shells: every command a span, in a local store first.')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text.split('\n').filter(Boolean).join('\n') + '\n') });

  const run = program
    .command('run')
    .summary('run a command and record it as a span')
    .description('Run a command exactly as without vstrace, and record it as a span in the local store.')
    .argument('<command...>', 'the command and its arguments (after --)')
    .passThroughOptions()
    .addHelpText('after', RUN_HELP)
    .action(async (command: string[], options: ParsedRun['options']) => {
      result({ kind: 'ended', ending: await runParsed({ command, options }, io) });
    });
  for (const spec of RUN_OPTIONS) {
    const option = new Option(commanderFlags(spec), spec.help);
    if (spec.kind === 'list') option.argParser(collect).default([]);
    if (spec.key === 'shell') option.default(false);
    if (spec.key === 'quiet') option.conflicts('verbose');
    run.addOption(option);
  }

  program
    .command('ls')
    .summary('list recent traces')
    .option('--limit <n>', 'how many traces', positiveInt, 20)
    .option('--json', 'JSON for scripts', false)
    .addHelpText('after', '\nExamples:\n  vstrace ls\n  vstrace ls --limit 5 --json')
    .action((options: { limit: number; json: boolean }) => {
      result({ kind: 'output', text: lsCommand(options, io.env, io.isTTY) });
    });

  program
    .command('show')
    .summary('show one trace as a waterfall')
    .argument('<trace>', '"last", a trace id, or a prefix of one from vstrace ls')
    .option('--json', 'the spans as JSON, in tree order', false)
    .option('--width <columns>', 'width of the waterfall (default: the terminal)', positiveInt)
    .addHelpText('after', '\nExamples:\n  vstrace show last\n  vstrace show 4bf92f35 --json')
    .action((ref: string, options: { json: boolean; width?: number }) => {
      result({ kind: 'output', text: showCommand(ref, options, io.env, io.isTTY, io.columns()) });
    });

  return program;
}
