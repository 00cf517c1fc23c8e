import { mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { connect as connectHttp2 } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { Client, credentials } from '@grpc/grpc-js';
import { describe, expect, test } from 'vitest';
import { segmentName } from '../../src/store/location.ts';
import { storedSpans, vstraceAsync, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { useReceivers, vstrace as runAsync } from '../support/export.ts';
import { exited, waitFor } from '../support/wait.ts';
import { type ClientRun, jsonBatch, post, ProtoRequest, ProtoResponse, runOtelClient, useServe } from '../support/serve.ts';

const store = useTempStore();
const serve = useServe();
const startReceiver = useReceivers();

const JSON_TYPE = { 'content-type': 'application/json' };
const SECRETS = ['hunter2-secret', 'sekrit-token-value', 'abc123secret'];

/** Every byte the store holds: no secret may be anywhere in it. */
const storeText = (home: string): string =>
  readdirSync(join(home, 'traces'))
    .map((f) => readFileSync(join(home, 'traces', f), 'utf8'))
    .join('');

/**
 * The fixture's spans (test/fixtures/otel-client.mjs) as they must be stored: its root under `parent`,
 * its steps under the root, each with its service, kind, attributes, events and status, redacted.
 */
function expectClientSpans(spans: Array<Record<string, any>>, client: ClientRun, service: string, parent: string | undefined): void {
  expect(spans.map((s) => s.spanId).sort()).toEqual([client.root, ...client.children].sort());
  for (const span of spans) {
    expect(span.traceId).toBe(client.traceId);
    expect(span.resource['service.name']).toBe(service);
    expect(span.resource['process.command_args']).toEqual(['deploy', '--password', '[REDACTED]', 'prod']);
  }
  const rootSpan = spans.find((s) => s.spanId === client.root)!;
  expect(rootSpan.parentSpanId).toBe(parent);
  expect(rootSpan.attributes['url.full']).toBe('https://api.example.com/v1/items?token=[REDACTED]&page=2');
  expect(rootSpan.kind).toBe(3); // CLIENT
  expect(rootSpan.events).toBeUndefined();
  const steps = spans.filter((s) => s.spanId !== client.root).sort((a, b) => a.attributes['step.index'] - b.attributes['step.index']);
  expect(steps.map((s) => [s.name, s.parentSpanId, s.attributes['step.index'], s.attributes['http.request.header.authorization']])).toEqual([
    ['step-0', client.root, 0, ['[REDACTED]']],
    ['step-1', client.root, 1, ['[REDACTED]']],
    ['step-2', client.root, 2, ['[REDACTED]']],
  ]);
  expect(steps.map((s) => s.status)).toEqual([{ code: 'unset' }, { code: 'error', message: 'step 1 failed' }, { code: 'unset' }]);
  for (const step of steps) {
    expect(step.kind).toBeUndefined(); // INTERNAL
    expect(step.events).toEqual([{ name: 'checkpoint', timeUs: expect.any(Number), attributes: { 'step.phase': 'middle' } }]);
    expect(step.events[0].timeUs).toBeGreaterThanOrEqual(step.startUs);
    expect(step.events[0].timeUs).toBeLessThanOrEqual(step.endUs);
  }
}

describe('vstrace serve receives the OpenTelemetry JS SDK', () => {
  test.each([
    ['http/protobuf', {}],
    ['http/json', {}],
    ['http/protobuf', { CLIENT_GZIP: '1' }],
    ['http/json', { CLIENT_GZIP: '1' }],
    ['grpc', {}],
    ['grpc', { CLIENT_GZIP: '1' }],
  ])('over %s %o: the spans are in ls and show --json, with their service, parent, attributes, status; redacted', async (protocol, extra) => {
    const served = await serve(store.env);
    const service = `sdk-${protocol.replace('/', '-')}`;
    const endpoint = protocol === 'grpc' ? served.grpcUrl : served.url;
    const client = await runOtelClient({ ...store.env, ...extra, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, CLIENT_PROTOCOL: protocol, CLIENT_SERVICE: service });
    expect(client.stderr).toBe('');
    expect(client.status).toBe(0);
    const { traceId } = client.run;

    const ls = vstraceSync(['ls', '--json'], { env: store.env });
    expect(ls.status).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([expect.objectContaining({ traceId, name: 'client-root', spans: 4, errors: 1, status: 'error', service })]);
    const show = vstraceSync(['show', traceId, '--json'], { env: store.env });
    expect(show.status).toBe(0);
    expectClientSpans(JSON.parse(show.stdout).spans, client.run, service, undefined);
    for (const secret of SECRETS) expect(storeText(store.home)).not.toContain(secret);

    expect(await served.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(served.stderr()).toMatch(/stopped; 4 spans stored from \d+ requests? \(0 duplicate, 0 rejected/);
  });

  test('an instrumented tool under vstrace run: its spans sit under the run span, in one trace', async () => {
    const served = await serve(store.env);
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: served.url, CLIENT_SERVICE: 'deploy-tool' };
    // the client's own endpoint variable must not become vstrace's exporter: vstrace run exports nowhere
    const run = vstraceSync(['run', '--exporter', 'none', '--name', 'deploy', '--', process.execPath, 'test/fixtures/otel-client.mjs'], { env });
    expect(run.status).toBe(0);
    const client = JSON.parse(run.stdout) as { traceId: string; root: string };
    await served.stop();
    const spans = storedSpans(store.home);
    const runSpan = spans.find((s) => s.name === 'deploy')!;
    expect(runSpan.traceId).toBe(client.traceId);
    expect(spans.find((s) => s.spanId === client.root)!.parentSpanId).toBe(runSpan.spanId);
    const show = vstraceSync(['show', client.traceId, '--width', '100'], { env: store.env });
    const rows = show.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0]);
    // the SDK's clock has millisecond steps: siblings that began in the same one may come in either order
    expect([...rows.slice(0, 3), ...rows.slice(3).sort()]).toEqual(['trace', 'deploy', 'client-root', 'step-0', 'step-1', 'step-2']);
  });
});

describe('forwarding: serve as a local collector', () => {
  test('what is stored goes on to the configured exporter, redacted, with its service and parents', async () => {
    const upstream = await startReceiver('http');
    const served = await serve({ ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: upstream.url });
    expect(served.stderr()).toContain(`forwarding what is stored to otlp ${upstream.url}/v1/traces (http/protobuf)`);
    const client = await runOtelClient({ ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: served.url, CLIENT_SERVICE: 'forwarded-tool' });
    expect(client.status).toBe(0);
    await waitFor(() => upstream.spans.length === 4, 'the 4 spans forwarded', 60_000);
    const { root, children } = client.run;
    expect(upstream.spans.map((s) => s.spanId).sort()).toEqual([root, ...children].sort());
    for (const span of upstream.spans) {
      expect(span.traceId).toBe(client.run.traceId);
      expect(span.resource['service.name']).toBe('forwarded-tool');
      if (span.spanId !== root) expect(span.parentSpanId).toBe(root);
      expect(span.kind).toBe(span.spanId === root ? 3 : 1);
      expect(span.events.map((e) => [e.name, e.attributes])).toEqual(span.spanId === root ? [] : [['checkpoint', { 'step.phase': 'middle' }]]);
    }
    expect(JSON.stringify(upstream.spans)).not.toMatch(new RegExp(SECRETS.join('|')));
    await served.stop();
  });

  test('not to itself: an exporter pointing at this receiver is said and left alone', async () => {
    const probe = await serve(store.env);
    const port = probe.port;
    await probe.stop();
    const served = await serve({ ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://localhost:${port}` }, ['--port', String(port)]);
    expect(served.stderr()).toContain(`not forwarding: the configured exporter (otlp http://localhost:${port}/v1/traces (http/protobuf)) is this receiver`);
    expect((await post(served.url, jsonBatch(9, 2).body, JSON_TYPE)).status).toBe(200);
    await served.stop();
    expect(storedSpans(store.home)).toHaveLength(2);
    expect(readdirSync(store.home)).not.toContain('spool');
  });
});

describe('the OTLP/HTTP rules', () => {
  test('partial success: the good spans stored, the bad counted and named (JSON and protobuf)', async () => {
    const served = await serve(store.env);
    const good = JSON.parse(jsonBatch(1, 2).body);
    good.resourceSpans[0].scopeSpans[0].spans.push({ traceId: 'abc', spanId: '0102030405060708', name: 'short-id', startTimeUnixNano: '1', endTimeUnixNano: '2' });
    const json = await post(served.url, JSON.stringify(good), JSON_TYPE);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body.toString())).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: expect.stringContaining('1 span rejected') } });

    const message = ProtoRequest.fromObject({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'proto-client' } }] },
          scopeSpans: [
            {
              spans: [
                { traceId: Buffer.alloc(16, 7), spanId: Buffer.alloc(8, 9), name: 'kept', startTimeUnixNano: 1_000_000, endTimeUnixNano: 2_000_000 },
                { traceId: Buffer.alloc(16, 7), spanId: Buffer.alloc(8, 10), name: 'never ended', startTimeUnixNano: 1_000_000 },
              ],
            },
          ],
        },
      ],
    });
    const proto = await post(served.url, Buffer.from(ProtoRequest.encode(message).finish()), { 'content-type': 'application/x-protobuf' });
    expect(proto.status).toBe(200);
    const response = ProtoResponse.decode(proto.body);
    expect(Number(response.partialSuccess.rejectedSpans)).toBe(1);
    expect(response.partialSuccess.errorMessage).toContain('"never ended": no end time');
    await served.stop();
    expect(
      storedSpans(store.home)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['kept', 'op-0', 'op-1']);
  });

  test('one request, two resources: each span keeps its own service.name', async () => {
    const served = await serve(store.env);
    const a = JSON.parse(jsonBatch(20, 2, 'frontend').body);
    const b = JSON.parse(jsonBatch(21, 1, 'backend').body);
    const answer = await post(served.url, JSON.stringify({ resourceSpans: [...a.resourceSpans, ...b.resourceSpans] }), JSON_TYPE);
    expect([answer.status, answer.body.toString()]).toEqual([200, '{}']);
    await served.stop();
    expect(
      storedSpans(store.home)
        .map((s) => `${s.resource['service.name']} ${s.name}`)
        .sort(),
    ).toEqual(['backend op-0', 'frontend op-0', 'frontend op-1']);
  });

  test('400 with the reason, 413, 415, 404, 405: nothing stored', async () => {
    const served = await serve(store.env);
    const badJson = await post(served.url, '{"resourceSpans": [', JSON_TYPE);
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body.toString())).toEqual({ code: 3, message: expect.stringMatching(/^the body is not an OTLP JSON trace export: .*JSON/) });
    const notOtlp = await post(served.url, '{"hello": 1}', JSON_TYPE);
    expect(notOtlp.status).toBe(400);
    expect(notOtlp.body.toString()).toContain('no resourceSpans');
    const badProto = await post(served.url, Buffer.from([0x0a, 0xff, 0xff, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(badProto.status).toBe(400);
    expect(badProto.body.toString('latin1')).toContain('not an OTLP protobuf trace export');
    const badGzip = await post(served.url, 'not gzip at all', { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
    expect(badGzip.body.toString()).toContain('gzip body does not decompress');
    const big = await post(served.url, Buffer.alloc(5 * 1024 * 1024, 0x20), JSON_TYPE);
    expect(big.status).toBe(413);
    expect(big.body.toString()).toContain('at most 4194304 per request');
    const text = await post(served.url, 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const brotli = await post(served.url, '{}', { ...JSON_TYPE, 'content-encoding': 'br' });
    expect(brotli.status).toBe(415);
    expect((await post(served.url, '{}', JSON_TYPE, '/v1/metrics')).status).toBe(404);
    const get = await post(served.url, '', JSON_TYPE, '/v1/traces', 'GET');
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    await served.stop();
    expect(storedSpans(store.home)).toEqual([]);
    expect(served.stderr()).toMatch(/0 spans stored from 9 requests .* 9 bad\)/);
  });

  test('503 with Retry-After while the store cannot be written; the retry stores every span once', async () => {
    const served = await serve(store.env);
    const batch = jsonBatch(2, 5);
    const blocked = join(store.home, 'traces', segmentName(Date.now() * 1000));
    mkdirSync(blocked, { recursive: true }); // a directory where today's segment goes: every append fails
    const refused = await post(served.url, batch.body, JSON_TYPE);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.toString()).toContain('could not be stored');
    rmdirSync(blocked);
    expect((await post(served.url, batch.body, JSON_TYPE)).status).toBe(200);
    expect((await post(served.url, batch.body, JSON_TYPE)).status).toBe(200); // a retry of a batch already stored
    await served.stop();
    expect(storedSpans(store.home).map((s) => s.spanId)).toEqual(batch.ids);
    expect(served.stderr()).toMatch(/5 spans stored from 3 requests \(5 duplicate, 0 rejected; 1 refused for retry/);
  });
});

/** Opens a request that declares `declared` bytes and sends only `sent` of them, then holds it open. */
function holdRequest(port: number, declared: number, sent: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /v1/traces HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n\r\n`);
      socket.write(Buffer.alloc(sent, 0x20), () => resolve(socket));
    });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/** One raw TraceService/Export call: the status code and details, or the decoded response. */
function grpcExport(port: number, message: Buffer): Promise<{ code: number; details?: string; response?: any }> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (m: Buffer) => m,
      (b: Buffer) => ProtoResponse.decode(b),
      message,
      (error, response) => {
        client.close();
        resolve(error ? { code: error.code, details: error.details } : { code: 0, response });
      },
    );
  });
}

const protoBatch = (spans: Array<Record<string, unknown>>): Buffer =>
  Buffer.from(
    ProtoRequest.encode(ProtoRequest.fromObject({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'grpc-raw' } }] }, scopeSpans: [{ spans }] }] })).finish(),
  );

describe('the OTLP/gRPC rules', () => {
  test('partial success, INVALID_ARGUMENT with the reason, RESOURCE_EXHAUSTED past 4 MiB, UNAVAILABLE while the store cannot be written', async () => {
    const served = await serve(store.env);
    const kept = { traceId: Buffer.alloc(16, 3), spanId: Buffer.alloc(8, 4), name: 'kept', startTimeUnixNano: 1_000_000, endTimeUnixNano: 2_000_000 };
    const partial = await grpcExport(served.grpcPort, protoBatch([kept, { traceId: Buffer.alloc(3, 1), spanId: Buffer.alloc(8, 5), name: 'short', startTimeUnixNano: 1, endTimeUnixNano: 2 }]));
    expect(partial.code).toBe(0);
    expect(Number(partial.response.partialSuccess.rejectedSpans)).toBe(1);
    expect(partial.response.partialSuccess.errorMessage).toContain('"short": traceId is not 16 non-zero bytes');
    const garbage = await grpcExport(served.grpcPort, Buffer.from([0x0a, 0xff, 0xff, 0x01]));
    expect(garbage.code).toBe(3); // INVALID_ARGUMENT
    expect(garbage.details).toMatch(/^the message is not an OTLP trace export: /);
    const big = await grpcExport(served.grpcPort, protoBatch([{ ...kept, spanId: Buffer.alloc(8, 6), name: 'x'.repeat(5 * 1024 * 1024) }]));
    expect(big.code).toBe(8); // RESOURCE_EXHAUSTED
    const blocked = join(store.home, 'traces', segmentName(Date.now() * 1000));
    mkdirSync(blocked, { recursive: true });
    const now = Date.now() * 1_000_000;
    const later = { traceId: Buffer.alloc(16, 7), spanId: Buffer.alloc(8, 8), name: 'today', startTimeUnixNano: now, endTimeUnixNano: now + 1000 };
    const unavailable = await grpcExport(served.grpcPort, protoBatch([later]));
    expect(unavailable.code).toBe(14); // UNAVAILABLE: exporters retry
    expect(unavailable.details).toContain('could not be stored');
    rmdirSync(blocked);
    expect((await grpcExport(served.grpcPort, protoBatch([later]))).code).toBe(0);
    await served.stop();
    expect(
      storedSpans(store.home)
        .map((s) => [s.name, s.resource['service.name']])
        .sort(),
    ).toEqual([
      ['kept', 'grpc-raw'],
      ['today', 'grpc-raw'],
    ]);
  });
});

describe('under load', () => {
  test('50 clients at once, and each batch sent twice: every span stored exactly once', async () => {
    const served = await serve(store.env);
    const batches = Array.from({ length: 50 }, (_, i) => jsonBatch(100 + i, 40, `client-${i % 5}`));
    const answers = await Promise.all([...batches, ...batches].map((b) => post(served.url, b.body, JSON_TYPE)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    await served.stop();
    const stored = storedSpans(store.home).map((s) => `${s.traceId}${s.spanId}`);
    const sent = batches.flatMap((b) => b.ids.map((id) => `${b.traceId}${id}`));
    expect(stored.length).toBe(2000);
    expect(new Set(stored)).toEqual(new Set(sent));
    expect(served.stderr()).toMatch(/2000 spans stored from 100 requests \(2000 duplicate, 0 rejected; 0 refused/);
    const ls = JSON.parse(vstraceSync(['ls', '--json', '--limit', '100'], { env: store.env }).stdout) as Array<{ service: string }>;
    expect(new Set(ls.map((t) => t.service))).toEqual(new Set(['client-0', 'client-1', 'client-2', 'client-3', 'client-4']));
  });

  test('429 with Retry-After while the bodies in flight are over budget; accepted again once they are gone', async () => {
    const served = await serve(store.env);
    const held = await Promise.all(Array.from({ length: 4 }, () => holdRequest(served.port, 4 * 1024 * 1024 - 1, 3.5 * 1024 * 1024)));
    // 3 MiB more than the 14 MiB held is over the 16 MiB budget once the server has read what is held: probe until it has
    const probe = Buffer.concat([Buffer.from(jsonBatch(3, 1).body), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    let answer = await post(served.url, probe, JSON_TYPE);
    for (let i = 0; i < 600 && answer.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      answer = await post(served.url, probe, JSON_TYPE);
    }
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    for (const socket of held) socket.destroy();
    let retried = answer;
    for (let i = 0; i < 600 && retried.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      retried = await post(served.url, jsonBatch(4, 1).body, JSON_TYPE);
    }
    expect(retried.status).toBe(200);
    await served.stop();
    // the probe may have got in before the held bytes were read; the span sent after they went always did
    expect(storedSpans(store.home).map((s) => s.traceId)).toContain(jsonBatch(4, 1).traceId);
  });

  test('SIGTERM during a flood, with a client sending one byte at a time: exit 0, every span answered 200 is stored, once', async () => {
    const served = await serve(store.env);
    const slow = await holdRequest(served.port, 1000, 10);
    const trickle = setInterval(() => slow.write(' '), 100);
    const accepted = new Set<string>();
    const sent = new Set<string>();
    let answered = 0;
    let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
    const worker = async (w: number) => {
      for (let i = 0; ; i++) {
        const batch = jsonBatch(1000 * (w + 1) + i, 50);
        for (const id of batch.ids) sent.add(`${batch.traceId}${id}`);
        const answer = await post(served.url, batch.body, JSON_TYPE).catch(() => undefined);
        if (answer?.status === 200) for (const id of batch.ids) accepted.add(`${batch.traceId}${id}`);
        if (!answer || answer.status === 503) return;
        answered += 1;
        if (answered === 40) stopping = served.stop();
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    clearInterval(trickle);
    expect(await stopping).toEqual({ code: 0, signal: null });
    slow.destroy();
    const stored = storedSpans(store.home).map((s) => `${s.traceId}${s.spanId}`);
    expect(stored.length).toBe(new Set(stored).size);
    for (const key of accepted) expect(stored).toContain(key);
    for (const key of stored) expect(sent.has(key)).toBe(true);
    expect(accepted.size).toBeGreaterThanOrEqual(2000);
  });
});

describe('where it listens', () => {
  test('a non-loopback --host needs --allow-remote, and then is said on stderr', async () => {
    const refused = vstraceSync(['serve', '--host', '0.0.0.0', '--port', '0', '--grpc-port', '0'], { env: store.env });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^vstrace: --host 0\.0\.0\.0 is not a loopback address: .* add --allow-remote/)]);
    const served = await serve(store.env, ['--host', '0.0.0.0', '--allow-remote']);
    expect(served.stderr()).toContain('listening on 0.0.0.0: reachable from other machines, with no authentication');
    expect((await post(`http://127.0.0.1:${served.port}`, jsonBatch(5, 1).body, JSON_TYPE)).status).toBe(200);
    await served.stop();
  });

  test('a port in use is a one-line error naming --port', async () => {
    const served = await serve(store.env);
    const second = vstraceSync(['serve', '--port', String(served.port), '--grpc-port', '0'], { env: store.env });
    expect(second.status).toBe(2);
    expect(second.stderr).toBe(`vstrace: port ${served.port} on 127.0.0.1 is in use (another collector?): pick another with --port\n`);
    const grpc = vstraceSync(['serve', '--port', '0', '--grpc-port', String(served.grpcPort)], { env: store.env });
    expect(grpc.status).toBe(2);
    expect(grpc.stderr).toBe(`vstrace: port ${served.grpcPort} on 127.0.0.1 is in use (another collector?): pick another with --grpc-port\n`);
    const bad = vstraceSync(['serve', '--port', '70000'], { env: store.env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"70000" is not a port');
    await served.stop();
  });
});

describe('vstrace run --collect', () => {
  /** The fixture run under `vstrace run --collect --name deploy`: its ids, the run's span and the tool's spans as stored. */
  async function collectClient(env: Record<string, string>) {
    const result = await runAsync(['run', '--collect', '--name', 'deploy', '--', process.execPath, 'test/fixtures/otel-client.mjs'], { ...store.env, CLIENT_SERVICE: 'collected-tool', ...env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const client = JSON.parse(result.stdout) as ClientRun;
    const spans = storedSpans(store.home);
    const runSpan = spans.find((s) => s.name === 'deploy')!;
    expect(runSpan.traceId).toBe(client.traceId);
    return { client, runSpan, tool: spans.filter((s) => s.spanId !== runSpan.spanId) };
  }

  test.each(['http/protobuf', 'http/json', 'grpc'])("a tool built with the SDK's %s exporter, no endpoint of its own: its spans under the run span, intact", async (protocol) => {
    const { client, runSpan, tool } = await collectClient({ CLIENT_PROTOCOL: protocol });
    expect(client.protocol).toBe(protocol);
    expectClientSpans(tool, client, 'collected-tool', runSpan.spanId);
    for (const secret of SECRETS) expect(storeText(store.home)).not.toContain(secret);
  });

  // The tool picks its exporter from the variables, as the SDKs' autoconfiguration does; a traces
  // endpoint of the user's (here nothing listens) must not take the spans elsewhere, whatever the protocol.
  test.each([
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'grpc'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }, 'grpc'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'http/json'],
    [{}, 'http/protobuf'],
  ])("the protocol is the user's: %o gives the tool %s, and its spans are collected", async (chosen, protocol) => {
    const { client, runSpan, tool } = await collectClient({ ...chosen, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces', OTEL_TRACES_EXPORTER: 'none' });
    expect(client.protocol).toBe(protocol);
    expectClientSpans(tool, client, 'collected-tool', runSpan.spanId);
  });

  test('the command sees the endpoint only with --collect, its own protocol, and its exit status is its own', () => {
    const plain = vstraceSync(['run', '--', 'sh', '-c', 'env | grep ^OTEL_ ; exit 3'], { env: store.env });
    expect([plain.status, plain.stdout]).toEqual([3, '']);
    const collected = vstraceSync(['run', '--collect', '--', 'sh', '-c', 'env | grep ^OTEL_ | sort; exit 3'], { env: { ...store.env, OTEL_TRACES_EXPORTER: 'none' } });
    expect(collected.status).toBe(3);
    expect(collected.stdout).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\nOTEL_TRACES_EXPORTER=otlp\n$/);
    const users = {
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector.example:4317',
    };
    const own = vstraceSync(['run', '--collect', '--', 'sh', '-c', 'env | grep ^OTEL_ | sort'], { env: { ...store.env, ...users } });
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\nOTEL_EXPORTER_OTLP_PROTOCOL=grpc\nOTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc\nOTEL_TRACES_EXPORTER=otlp\n$/);
  });

  test('one port, both protocols: gRPC and HTTP/1.1 by their rules, first bytes a byte at a time, a silent client no reason to wait', async () => {
    const child = vstraceAsync(['run', '--collect', '--verbose', '--', 'sh', '-c', 'printf "%s\\n" "$OTEL_EXPORTER_OTLP_ENDPOINT"; read line; exit 7'], { env: store.env });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    await waitFor(() => stdout.includes('\n'), 'the command to print its endpoint');
    const endpoint = stdout.trim();
    const port = Number(new URL(endpoint).port);
    expect(stderr).toContain(`collecting the command's OpenTelemetry spans at ${endpoint} (OTLP/HTTP and OTLP/gRPC)`);

    const kept = { traceId: Buffer.alloc(16, 3), spanId: Buffer.alloc(8, 4), name: 'over-grpc', startTimeUnixNano: 1_000_000, endTimeUnixNano: 2_000_000 };
    const partial = await grpcExport(port, protoBatch([kept, { traceId: Buffer.alloc(3, 1), spanId: Buffer.alloc(8, 5), name: 'short', startTimeUnixNano: 1, endTimeUnixNano: 2 }]));
    expect(partial.code).toBe(0);
    expect(Number(partial.response.partialSuccess.rejectedSpans)).toBe(1);
    expect((await grpcExport(port, Buffer.from([0x0a, 0xff, 0xff, 0x01]))).code).toBe(3); // INVALID_ARGUMENT
    const batch = jsonBatch(21, 2, 'over-http');
    expect((await post(endpoint, batch.body, JSON_TYPE)).status).toBe(200);
    expect((await post(endpoint, batch.body, JSON_TYPE, '/v1/metrics')).status).toBe(404);

    // the HTTP/2 preface and an HTTP/1.1 request line, each sent a byte at a time: neither is taken for the other
    const dribbled = { traceId: Buffer.alloc(16, 6), spanId: Buffer.alloc(8, 7), name: 'dribbled-grpc', startTimeUnixNano: 1_000_000, endTimeUnixNano: 2_000_000 };
    expect(await grpcExportByteByByte(port, protoBatch([dribbled]))).toEqual({ status: '0', rejected: 0 });
    const slowBatch = jsonBatch(22, 1, 'over-http');
    expect(await postByteByByte(port, slowBatch.body)).toMatch(/^HTTP\/1\.1 200 /);

    // a client that connected and said nothing is dropped at the end, not waited for
    const silent = connect(port, '127.0.0.1');
    await new Promise((resolve) => silent.once('connect', resolve));
    const silentClosed = new Promise((resolve) => silent.once('close', resolve));
    silent.on('error', () => {});
    child.stdin!.end('go\n');
    expect(await exited(child)).toEqual({ code: 7, signal: null });
    await silentClosed;
    expect(stderr).toContain('collected 5 spans from the command (1 rejected, 0 refused)');
    const stored = storedSpans(store.home);
    expect(stored.map((s) => s.name).sort()).toEqual(['dribbled-grpc', 'op-0', 'op-0', 'op-1', 'over-grpc', 'sh'].sort());
  });
});

/** Sends `bytes` to `socket` one at a time (no Nagle: each goes as its own segment), then resolves. */
async function dribble(socket: Socket, bytes: Buffer): Promise<void> {
  socket.setNoDelay(true);
  for (const byte of bytes) {
    await new Promise<void>((resolve) => socket.write(Buffer.of(byte), () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** An HTTP/1.1 POST of an OTLP/JSON body whose first 8 bytes go a byte at a time; the answer's status line. */
async function postByteByByte(port: number, body: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
  const request = Buffer.from(`POST /v1/traces HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  await dribble(socket, request.subarray(0, 8));
  socket.end(request.subarray(8));
  await new Promise((resolve) => socket.once('close', resolve));
  return answer.split('\r\n')[0]!;
}

/**
 * One TraceService/Export call over node:http2 (not grpc-js), on a connection whose first 30 bytes
 * (the whole preface and more) go a byte at a time: the grpc-status and the spans rejected.
 */
async function grpcExportByteByByte(port: number, message: Buffer): Promise<{ status: string | undefined; rejected: number }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  // the session writes into this wrapper: the first bytes go on a byte at a time, the rest as they come
  let sent = 0;
  const wrapper = new Duplex({
    write(chunk: Buffer, _encoding, done) {
      const slow = chunk.subarray(0, Math.max(0, 30 - sent));
      sent += chunk.length;
      dribble(socket, slow).then(() => {
        if (slow.length < chunk.length) socket.write(chunk.subarray(slow.length));
        done();
      }, done);
    },
    read() {},
    final(done) {
      socket.end();
      done();
    },
  });
  socket.on('data', (c: Buffer) => wrapper.push(c));
  socket.on('end', () => wrapper.push(null));
  const session = connectHttp2(`http://127.0.0.1:${port}`, { createConnection: () => wrapper });
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  const call = session.request({ ':method': 'POST', ':path': '/opentelemetry.proto.collector.trace.v1.TraceService/Export', 'content-type': 'application/grpc', te: 'trailers' });
  call.end(framed);
  const chunks: Buffer[] = [];
  call.on('data', (c: Buffer) => chunks.push(c));
  const trailers = new Promise<string | undefined>((resolve) => call.once('trailers', (t) => resolve(t['grpc-status'] as string | undefined)));
  // a connection the receiver took for HTTP/1.1 ends in a protocol error: the call fails, it does not hang
  await new Promise((resolve, reject) => {
    call.once('end', resolve);
    call.once('error', reject);
    session.once('error', reject);
  });
  const status = await trailers;
  session.close();
  socket.destroy();
  const response = Buffer.concat(chunks);
  const decoded = response.length > 5 ? ProtoResponse.decode(response.subarray(5)) : {};
  return { status, rejected: Number(decoded.partialSuccess?.rejectedSpans ?? 0) };
}
