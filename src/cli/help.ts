import type { Command } from 'commander';

/**
 * A command's own --help shows its description, the parent's list its summary.
 * Commands are defined with a summary only; this gives each one without a
 * description its summary as the first line of its own --help, so no command's
 * help starts without saying what it does.
 */
export function describeFromSummaries(command: Command): void {
  for (const sub of command.commands) {
    if (!sub.description() && sub.summary()) sub.description(sentence(sub.summary()));
    describeFromSummaries(sub);
  }
}

const sentence = (summary: string): string => summary.charAt(0).toUpperCase() + summary.slice(1) + (/[.!?]$/.test(summary) ? '' : '.');
