import { expect, test, vi } from 'vitest';
import type { OtlpDestination } from '../../src/export/destination.ts';
import { attemptTimeoutMs, deadlineExporters, MIN_ATTEMPT_MS } from '../../src/export/exporter.ts';

test("an attempt's timeout: the configured one cut to the time left, never under the minimum unless configured so", () => {
  expect(attemptTimeoutMs(10_000, 60_000)).toBe(10_000);
  expect(attemptTimeoutMs(10_000, 2_999.6)).toBe(2_999);
  expect(attemptTimeoutMs(10_000, -5_000)).toBe(MIN_ATTEMPT_MS);
  expect(attemptTimeoutMs(300, -5_000)).toBe(300);
});

const destination: OtlpDestination = {
  kind: 'otlp',
  exporter: 'otlp',
  protocol: 'http/protobuf',
  url: 'http://127.0.0.1:9/v1/traces',
  headers: {},
  timeoutMs: 10_000,
  compression: 'none',
  insecure: false,
};
const exporterOf = (r: ReturnType<ReturnType<typeof deadlineExporters>['next']>) => (r.ok ? r.value : expect.fail(r.error.message));

test('no deadline: one exporter, the configured timeout, attempt after attempt', async () => {
  const exporters = deadlineExporters(destination, Infinity);
  const first = exporterOf(exporters.next());
  for (let i = 0; i < 5; i++) expect(exporterOf(exporters.next())).toBe(first);
  await exporters.shutdown();
});

test('near a deadline: a new exporter only once the time left is a whole minimum below the current timeout', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(0);
    const exporters = deadlineExporters(destination, 3_500);
    const first = exporterOf(exporters.next()); // 3.5 s left: a 3.5 s timeout
    vi.setSystemTime(900);
    expect(exporterOf(exporters.next())).toBe(first); // 2.6 s left: within a minimum of it, kept
    vi.setSystemTime(1_000);
    const second = exporterOf(exporters.next()); // 2.5 s left: a whole second less, so a new one
    expect(second).not.toBe(first);
    vi.setSystemTime(1_500);
    expect(exporterOf(exporters.next())).toBe(second);
    await exporters.shutdown();
  } finally {
    vi.useRealTimers();
  }
});
