import { VERSION } from '../version.ts';

const SH_HELP = `Usage: vstrace-sh [--target=T] [--name=N] [--type=T] [--tag=k=v] [--xtrace] <sh arguments>

A drop-in /bin/sh that records every command it runs as a vstrace span (make's
SHELL, npm's script-shell). Everything but its own options goes to /bin/sh
unchanged; it exits exactly as sh would.

Options (before the sh arguments):
  --target=T   the make target the line belongs to (default: found from make)
  --name=N     span name (default: the target or npm script and the line's first words)
  --type=T     span type
  --tag=k=v    a tag; repeatable
  --xtrace     run the line with bash, each of its commands a span (as run -x;
               the run.xtrace setting, VSTRACE_XTRACE=true, does it for every line)
  --help       this help;  --version  vstrace-sh's version

Examples:
  make SHELL=vstrace-sh
  # in a Makefile:  SHELL := vstrace-sh
  # every command of every recipe a span:  .SHELLFLAGS := --xtrace -c
  npm config set script-shell vstrace-sh

See docs/shells.md.`;

/**
 * What `vstrace-sh --help` or `--version` prints, as the first and only
 * argument; undefined for anything else. /bin/sh (dash) has neither option, so
 * taking them costs a recipe nothing, and they record no span.
 */
export function shOwnInfo(args: readonly string[]): string | undefined {
  if (args.length !== 1) return undefined;
  if (args[0] === '--help' || args[0] === '-h') return SH_HELP;
  if (args[0] === '--version') return `vstrace-sh ${VERSION}`;
  return undefined;
}
