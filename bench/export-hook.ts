// Bundled and run by bench/export.mjs: the run path's export step alone, in
// process — queue a finished step's span and check for a flusher — timed per
// span. A machine's load hardly blurs a figure this small, unlike whole runs.
import { resolveSettings } from '../src/config/resolve.ts';
import { exportRecorded } from '../src/export/deliver.ts';

const [home, endpoint, count = '300'] = process.argv.slice(2);
const settings = resolveSettings({}, { VSTRACE_HOME: home!, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint! });
async function main(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const nowUs = Date.now() * 1000;
    const span = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: 'b7ad6b7169203331',
      name: `step ${i}`,
      startUs: nowUs - 1000,
      endUs: nowUs,
      status: { code: 'unset' as const },
      attributes: { 'process.executable.name': 'true', 'process.command_args': ['true'] },
      resource: { 'service.name': 'bench' },
    };
    const t0 = process.hrtime.bigint();
    await exportRecorded(settings, span, process.env);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

void main().then((times) => process.stdout.write(JSON.stringify(times)));
