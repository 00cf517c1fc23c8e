import type { Command } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import type { ResultSink } from '../../cli/result.ts';
import { importCommand } from './action.ts';

const IMPORT_HELP = `
Examples:
  vstrace import spans.jsonl                 # a CI job's artifact (--exporter file)
  vstrace import otelcol-traces.json traces.pb
  gunzip -c spans.jsonl.gz | vstrace import -

Spans already in the store (same trace and span id) are skipped, so importing
a file twice stores each span once. Spans are redacted as vstrace's own are.`;

export function defineImport(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('import')
    .summary('store spans from OTLP files (a CI artifact, another machine)')
    .argument('<file...>', 'OTLP/JSON lines, an OTLP/JSON export, or OTLP protobuf; - for standard input')
    .addHelpText('after', IMPORT_HELP)
    .action((files: string[]) => {
      result({ kind: 'output', text: importCommand(files, io.env) });
    });
}
