import { mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { segmentName } from '../../src/store/location.ts';
import { storedSpans, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { jsonBatch, post, ProtoRequest, ProtoResponse, runOtelClient, useServe } from '../support/serve.ts';

const store = useTempStore();
const serve = useServe();

const JSON_TYPE = { 'content-type': 'application/json' };
const SECRETS = ['hunter2-secret', 'sekrit-token-value', 'abc123secret'];

/** Every byte the store holds: no secret may be anywhere in it. */
const storeText = (home: string): string =>
  readdirSync(join(home, 'traces'))
    .map((f) => readFileSync(join(home, 'traces', f), 'utf8'))
    .join('');

describe('vstrace serve receives the OpenTelemetry JS SDK', () => {
  test.each([
    ['http/protobuf', {}],
    ['http/json', {}],
    ['http/protobuf', { CLIENT_GZIP: '1' }],
    ['http/json', { CLIENT_GZIP: '1' }],
  ])('over %s %o: the spans are in ls and show --json, with their service, parent, attributes, status; redacted', async (protocol, extra) => {
    const served = await serve(store.env);
    const service = `sdk-${protocol.replace('/', '-')}`;
    const client = await runOtelClient({ ...store.env, ...extra, OTEL_EXPORTER_OTLP_ENDPOINT: served.url, CLIENT_PROTOCOL: protocol, CLIENT_SERVICE: service });
    expect(client.stderr).toBe('');
    expect(client.status).toBe(0);
    const { traceId, root, children } = client.run;

    const ls = vstraceSync(['ls', '--json'], { env: store.env });
    expect(ls.status).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([expect.objectContaining({ traceId, name: 'client-root', spans: 4, errors: 1, status: 'error', service })]);
    const show = vstraceSync(['show', traceId, '--json'], { env: store.env });
    expect(show.status).toBe(0);
    const spans = JSON.parse(show.stdout).spans as Array<Record<string, any>>;
    expect(spans.map((s) => s.spanId).sort()).toEqual([root, ...children].sort());
    for (const span of spans) expect(span.resource['service.name']).toBe(service);
    const rootSpan = spans.find((s) => s.spanId === root)!;
    expect(rootSpan.parentSpanId).toBeUndefined();
    expect(rootSpan.attributes['url.full']).toBe('https://api.example.com/v1/items?token=[REDACTED]&page=2');
    expect(rootSpan.resource['process.command_args']).toEqual(['deploy', '--password', '[REDACTED]', 'prod']);
    const steps = spans.filter((s) => s.spanId !== root).sort((a, b) => a.attributes['step.index'] - b.attributes['step.index']);
    expect(steps.map((s) => [s.name, s.parentSpanId, s.attributes['step.index'], s.attributes['http.request.header.authorization']])).toEqual([
      ['step-0', root, 0, ['[REDACTED]']],
      ['step-1', root, 1, ['[REDACTED]']],
      ['step-2', root, 2, ['[REDACTED]']],
    ]);
    expect(steps[1]!.status).toEqual({ code: 'error', message: 'step 1 failed' });
    for (const secret of SECRETS) expect(storeText(store.home)).not.toContain(secret);

    expect(await served.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(served.stderr()).toMatch(/stopped; 4 spans stored from 1 request \(0 duplicate, 0 rejected/);
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
    expect(
      show.stdout
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[0]),
    ).toEqual(['trace', 'deploy', 'client-root', 'step-0', 'step-1', 'step-2']);
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
    const big = await post(served.url, Buffer.alloc(9 * 1024 * 1024, 0x20), JSON_TYPE);
    expect(big.status).toBe(413);
    expect(big.body.toString()).toContain('at most 8388608 per request');
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
