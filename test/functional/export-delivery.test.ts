import { afterEach, describe, expect, test } from 'vitest';
import { storedSpans } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { spooled, vstrace } from '../support/export.ts';
import { OtlpReceiver } from '../support/otlp-receiver.ts';
import { waitFor } from '../support/wait.ts';

const store = useTempStore();
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe.each([
  ['http/protobuf', 'http'],
  ['http/json', 'http'],
  ['grpc', 'grpc'],
] as const)('a span reaches an OTLP receiver over %s', (protocol, transport) => {
  test('ids, parent, times, attributes, status, resource', async () => {
    receiver = await OtlpReceiver.start(transport);
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test' };
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const ok = await vstrace(['run', '--tag', 'service=api', '--parent', parent, '--', 'true'], env);
    const bad = await vstrace(['run', '--name', 'failing step', '--', 'sh', '-c', 'exit 3'], env);
    expect(ok.status).toBe(0);
    expect(bad.status).toBe(3);
    await waitFor(() => receiver!.spans.length === 2, 'both spans delivered');
    const local = storedSpans(store.home);
    for (const span of local) {
      const got = receiver.spans.find((s) => s.spanId === span.spanId)!;
      expect(got).toBeDefined();
      expect(got.traceId).toBe(span.traceId);
      expect(got.parentSpanId).toBe(span.parentSpanId);
      expect(got.startUs).toBe(span.startUs);
      expect(got.endUs).toBe(span.endUs);
      expect(got.name).toBe(span.name);
      expect(got.kind).toBe(1); // INTERNAL
      expect(got.resource).toMatchObject({ 'service.name': 'vstrace', 'deployment.environment': 'test', 'host.name': span.resource['host.name'] });
      expect(got.attributes).toEqual(span.attributes);
      expect(got.scope.name).toBe('vstrace');
    }
    const okSpan = receiver.spans.find((s) => s.parentSpanId === '00f067aa0ba902b7')!;
    expect(okSpan.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(okSpan.attributes.service).toBe('api');
    expect(okSpan.status.code).toBe(0);
    const errSpan = receiver.spans.find((s) => s.name === 'failing step')!;
    expect(errSpan.status).toEqual({ code: 2, message: 'exit code 3' });
    expect(errSpan.attributes.error).toBe(true);
    expect(errSpan.attributes['process.exit.code']).toBe(3);
    expect(new Set(receiver.requests.map((r) => r.transport))).toEqual(new Set([protocol]));
    await waitFor(() => spooled(store.home).length === 0, 'the spool emptied');
  });
});
