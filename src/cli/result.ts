import type { Command } from 'commander';
import type { Ending } from '../trace/outcome.ts';
import type { CliIO } from './io.ts';

/**
 * What a command hands back to the edge: text for stdout (with the exit status
 * to end with, default 0), or how a wrapped command ended.
 */
export type CommandResult = { kind: 'output'; text: string; exitCode?: number } | { kind: 'ended'; ending: Ending } | { kind: 'none'; exitCode?: number };

/** Hands a command's result to the edge (src/cli.ts), which prints it and exits. */
export type ResultSink = (r: CommandResult) => void;

/** One command's definition (src/commands/<name>/definition.ts): its options, help and examples, and the call of its action. */
export type Registrar = (program: Command, io: CliIO, result: ResultSink) => void;

/** Text for stdout, or nothing at all (not even a newline) when a command has nothing to say. */
export const printed = (text: string): CommandResult => (text === '' ? { kind: 'none' } : { kind: 'output', text });
