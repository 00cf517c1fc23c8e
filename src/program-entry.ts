/**
 * The commander side of the CLI, bundled as its own chunk (dist/program.js):
 * every command but a plain `vstrace run` comes through here, so the run
 * path's bundle never parses commander or the other commands' code.
 */
export { CommanderError } from 'commander';
export { buildProgram } from './program.ts';
