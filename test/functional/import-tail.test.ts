import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { storedSpans, VSTRACE, vstraceSync } from '../support/cli.ts';
import { cleanEnv, useTempStore } from '../support/env.ts';
import { exited, waitFor } from '../support/wait.ts';

const store = useTempStore();
const require = createRequire(import.meta.url);

/** Spans the OpenTelemetry JS SDK made, as its own serializers write them: the OTLP/JSON the Collector's file exporter writes too, and protobuf. */
async function sdkExport(): Promise<{ json: string; protobuf: Uint8Array; ids: string[] }> {
  const { TracerProvider, SimpleSpanProcessor, InMemorySpanExporter } = require('@opentelemetry/sdk-trace');
  const { resourceFromAttributes } = require('@opentelemetry/resources');
  const { JsonTraceSerializer, ProtobufTraceSerializer } = require('@opentelemetry/otlp-transformer');
  const { ROOT_CONTEXT, trace } = require('@opentelemetry/api');
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'collector-side' }), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('import-test');
  const root = tracer.startSpan('pipeline', { attributes: { 'http.url': 'https://ci.example.com/?api_key=leakme1234567' } });
  const child = tracer.startSpan('stage', {}, trace.setSpan(ROOT_CONTEXT, root));
  child.end();
  root.end();
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return {
    json: Buffer.from(JsonTraceSerializer.serializeRequest(spans)).toString('utf8'),
    protobuf: ProtobufTraceSerializer.serializeRequest(spans),
    ids: spans.map((s: { spanContext(): { spanId: string } }) => s.spanContext().spanId),
  };
}

describe('vstrace import', () => {
  test("another machine's spans.jsonl (the file exporter), twice: each span stored once", () => {
    const other = cleanEnv({ VSTRACE_HOME: join(store.dir, 'other-machine'), VSTRACE_EXPORT_FILE: join(store.dir, 'spans.jsonl') });
    expect(vstraceSync(['run', '--exporter', 'file', '--name', 'build', '--', 'true'], { env: other }).status).toBe(0);
    expect(vstraceSync(['run', '--exporter', 'file', '--name', 'test', '--', 'sh', '-c', 'exit 3'], { env: other }).status).toBe(3);
    const artifact = join(store.dir, 'spans.jsonl');
    const first = vstraceSync(['import', artifact], { env: store.env });
    expect([first.status, first.stdout, first.stderr]).toEqual([0, `${artifact}: 2 spans imported, 0 already in the store, 0 rejected\n`, '']);
    const second = vstraceSync(['import', artifact], { env: store.env });
    expect(second.stdout).toBe(`${artifact}: 0 spans imported, 2 already in the store, 0 rejected\n`);
    expect(storedSpans(store.home).map((s) => [s.name, s.status.code])).toEqual([
      ['build', 'unset'],
      ['test', 'error'],
    ]);
    const ls = JSON.parse(vstraceSync(['ls', '--json'], { env: store.env }).stdout) as Array<{ name: string }>;
    expect(ls.map((t) => t.name).sort()).toEqual(['build', 'test']);
  });

  test('OTLP/JSON as the SDK and the Collector write it, and OTLP protobuf, from a file and stdin: redacted, idempotent', async () => {
    const sdk = await sdkExport();
    const jsonFile = join(store.dir, 'collector.json');
    writeFileSync(jsonFile, `${sdk.json}\n`);
    const pretty = join(store.dir, 'pretty.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(sdk.json), null, 2));
    const pb = join(store.dir, 'traces.pb');
    writeFileSync(pb, sdk.protobuf);
    const first = vstraceSync(['import', jsonFile], { env: store.env });
    expect(first.stdout).toBe(`${jsonFile}: 2 spans imported, 0 already in the store, 0 rejected\n`);
    const again = vstraceSync(['import', pretty, pb, '-'], { env: store.env, input: readFileSync(jsonFile) });
    expect(again.stdout.trim().split('\n')).toEqual([
      `${pretty}: 0 spans imported, 2 already in the store, 0 rejected`,
      `${pb}: 0 spans imported, 2 already in the store, 0 rejected`,
      'stdin: 0 spans imported, 2 already in the store, 0 rejected',
    ]);
    const spans = storedSpans(store.home);
    expect(spans.map((s) => s.spanId).sort()).toEqual([...sdk.ids].sort());
    expect(spans.map((s) => s.resource['service.name'])).toEqual(['collector-side', 'collector-side']);
    expect(spans.find((s) => s.name === 'pipeline')!.attributes['http.url']).toBe('https://ci.example.com/?api_key=[REDACTED]');
  });

  test('rejected lines are counted with their number; a file that is not spans is one line, exit 2, nothing stored', () => {
    const mixed = join(store.dir, 'mixed.jsonl');
    const good = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'ok', startTimeUnixNano: '1000000', endTimeUnixNano: '2000000' }] }] }],
    });
    writeFileSync(mixed, `${good}\nnot json\n\n{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abc","spanId":"b7ad6b7169203332"}]}]}]}\n`);
    const result = vstraceSync(['import', mixed], { env: store.env });
    expect(result.stdout).toBe(`${mixed}: 1 span imported, 0 already in the store, 2 rejected (line 2: not JSON; line 4: span "": traceId is not 16 non-zero bytes)\n`);
    for (const [name, content] of [
      ['notes.txt', 'just some notes\n'],
      ['empty.jsonl', ''],
      ['config.json', '{"name": "x"}\n'],
      ['random.bin', Buffer.from([0xff, 0x00, 0x13, 0x37, 0x80, 0x81])],
    ] as const) {
      const file = join(store.dir, name);
      writeFileSync(file, content);
      const bad = vstraceSync(['import', mixed, file], { env: store.env });
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(new RegExp(`^vstrace: "${file.replace(/[.]/g, '\\.')}" is not a spans file: [^\\n]+; give a spans\\.jsonl artifact[^\\n]*\\n$`));
    }
    expect(vstraceSync(['import', join(store.dir, 'missing.jsonl')], { env: store.env }).stderr).toMatch(/^vstrace: cannot read "[^"]+missing\.jsonl": ENOENT/);
    expect(storedSpans(store.home).map((s) => s.name)).toEqual(['ok']);
  });
});

describe('vstrace tail', () => {
  test('prints each span as it ends, filtered, as text or JSON, until SIGINT (exit 0)', async () => {
    const text = spawn(VSTRACE, ['tail'], { env: store.env });
    const errors = spawn(VSTRACE, ['tail', '--json', '--status', 'error'], { env: store.env });
    let out = '';
    let json = '';
    text.stdout.on('data', (c: Buffer) => (out += c.toString()));
    errors.stdout.on('data', (c: Buffer) => (json += c.toString()));
    // tail starts at the end of the store as it finds it: failing warm-up spans until both have shown one
    for (let i = 0; i < 100 && !(out.includes('warmup') && json.includes('warmup')); i++) {
      vstraceSync(['run', '--name', 'warmup', '--', 'false'], { env: store.env });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(vstraceSync(['run', '--name', 'compile', '--', 'true'], { env: store.env }).status).toBe(0);
    expect(vstraceSync(['run', '--name', 'unit tests', '--', 'sh', '-c', 'exit 1'], { env: store.env }).status).toBe(1);
    await waitFor(() => out.includes('unit tests') && json.includes('unit tests'), 'both spans tailed');
    text.kill('SIGINT');
    errors.kill('SIGINT');
    expect(await exited(text)).toEqual({ code: 0, signal: null });
    expect(await exited(errors)).toEqual({ code: 0, signal: null });
    const afterWarmup = (text: string): string[] => {
      const lines = text.trim().split('\n');
      return lines.slice(lines.findLastIndex((l) => l.includes('warmup')) + 1);
    };
    expect(afterWarmup(out)).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} [0-9a-f]{10} vstrace +compile +\S+ ok$/), expect.stringMatching(/ unit tests +\S+ error$/)]);
    expect(out).toMatch(/ warmup +\S+ error\n/);
    const rows = afterWarmup(json).map((l) => JSON.parse(l));
    expect(rows).toEqual([expect.objectContaining({ name: 'unit tests', status: 'error', service: 'vstrace', parentSpanId: null })]);
  });
});
