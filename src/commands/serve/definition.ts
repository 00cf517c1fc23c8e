import { type Command, Option } from 'commander';
import type { CliIO } from '../../cli/io.ts';
import { asOptionParser } from '../../cli/option-parsers.ts';
import type { ResultSink } from '../../cli/result.ts';
import { serveCommand } from './action.ts';

const SERVE_HELP = `
Examples:
  vstrace serve &
  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 pytest --export-traces
  vstrace serve --port 14318 --grpc-port 14317

Spans received over OTLP/HTTP (protobuf or JSON, gzip) or OTLP/gRPC are redacted and
stored next to vstrace's own: ls, show, stats and report see them. Each is on
disk before its request is answered. SIGINT or SIGTERM stops the receiver
once the requests being read are answered.`;

const port = asOptionParser((value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new Error(`"${value}" is not a port: give 0 to 65535 (0 picks a free one)`);
  return n;
});

export function defineServe(program: Command, io: CliIO, result: ResultSink): void {
  program
    .command('serve')
    .summary('receive OTLP spans from other tools into the local store')
    .addOption(new Option('--port <port>', 'OTLP/HTTP port (0: a free one)').argParser(port).default(4318))
    .addOption(new Option('--grpc-port <port>', 'OTLP/gRPC port (0: a free one)').argParser(port).default(4317))
    .option('--host <address>', 'address to listen on (loopback unless --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'allow a --host other machines can reach (spans are accepted without authentication)', false)
    .addHelpText('after', SERVE_HELP)
    .action(async (options: { port: number; grpcPort: number; host: string; allowRemote: boolean }) => {
      result(await serveCommand(options, io.env));
    });
}
