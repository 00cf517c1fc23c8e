import type { Command } from 'commander';
import { flushCommand } from './action.ts';
import type { ResultSink } from '../../cli/result.ts';
import type { CliIO } from '../../cli/io.ts';
import { positiveInt } from '../../cli/option-parsers.ts';

const FLUSH_HELP = `
Examples:
  vstrace flush                      # deliver what is queued now; one attempt per batch
  vstrace flush --wait --timeout 60000   # retry until delivered or 60 s (end of a CI job)

Spans recorded while an OTLP exporter is configured wait in the spool
($VSTRACE_HOME/spool) until a background flusher delivers them; this does the
same now and says what is left. Exit status 1 while spans remain queued.`;

/** `vstrace flush`: delivery on demand. */
export function defineFlush(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('flush')
    .summary('deliver queued spans to the exporter now')
    .option('--wait', 'retry failed batches until everything is delivered or the timeout', false)
    .option('--timeout <ms>', 'with --wait: how long to retry (default 30000); without: how long a busy background flusher and the one attempt may take (default 5000)', positiveInt)
    .addHelpText('after', FLUSH_HELP)
    .action(async (options: { wait: boolean; timeout?: number }) => {
      const progress = process.stderr.isTTY ? (delivered: number, remaining: number) => process.stderr.write(`\r\x1b[Kvstrace: delivered ${delivered}, ${remaining} queued…`) : undefined;
      const { text, exitCode } = await flushCommand(options, io.env, progress);
      if (progress) process.stderr.write('\r\x1b[K');
      result({ kind: 'output', text, exitCode });
    });
}
