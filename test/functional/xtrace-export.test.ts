import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { FIXTURES, storedSpans } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { spooled, useReceivers, vstrace } from '../support/export.ts';
import { waitFor } from '../support/wait.ts';

const store = useTempStore();
const startReceiver = useReceivers();
afterEach(async () => {
  // The background flusher leaves once its queue is empty.
  await waitFor(() => spooled(store.home).length === 0, 'the spool to drain', 60_000);
});

describe('vstrace run -x with an exporter', () => {
  test('every command span reaches the OTLP receiver with the run span, in one trace, parents as stored', async () => {
    const receiver = await startReceiver('http');
    const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
    const r = await vstrace(['run', '-x', '--', 'bash', join(FIXTURES, 'xtrace', 'errexit.sh')], env);
    expect(r.status).toBe(1);
    const local = storedSpans(store.home);
    expect(local).toHaveLength(8);
    await waitFor(() => receiver.spans.length === local.length, 'every span delivered', 60_000);
    const got = new Map(receiver.spans.map((s) => [s.spanId, s]));
    for (const span of local) {
      const { traceId, parentSpanId, name, startUs, endUs } = span;
      expect(got.get(span.spanId)).toMatchObject({ traceId, ...(parentSpanId ? { parentSpanId } : {}), name, startUs, endUs });
    }
  });
});
