import { credentials as grpcCredentials, Metadata } from '@grpc/grpc-js';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { fail, ok, quote, type Result } from '../errors.ts';
import { VERSION } from '../version.ts';
import type { OtlpDestination } from './destination.ts';
import { readTlsFiles } from './tls-files.ts';

/**
 * The OpenTelemetry JS OTLP exporter for a destination: protobuf or JSON over
 * HTTP, or gRPC. They own the encoding and the retry rules (429/502/503/504
 * and network errors retried with backoff within the timeout, Retry-After
 * honoured, partial success not retried); vstrace only configures them —
 * URL, headers, timeout, gzip, and the TLS files (CA to trust, client key and
 * certificate for mutual TLS). A TLS file that cannot be read is the error.
 */
export function createExporter(d: OtlpDestination, timeoutMs = d.timeoutMs): Result<SpanExporter> {
  const files = readTlsFiles(d);
  if (!files.ok) return files;
  const tls = files.value;
  const compression = d.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
  const common = { url: d.url, timeoutMillis: timeoutMs, compression, userAgent: `vstrace/${VERSION}` };
  if (d.protocol === 'grpc') {
    const metadata = grpcMetadata(d.headers);
    if (!metadata.ok) return metadata;
    const secure = d.url.startsWith('https://') && !d.insecure;
    const credentials = secure ? grpcCredentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null) : grpcCredentials.createInsecure();
    return ok(new GrpcExporter({ ...common, metadata: metadata.value, credentials }));
  }
  const http = { ...common, headers: d.headers, httpAgentOptions: { keepAlive: true, ...tls } };
  return ok(d.protocol === 'http/json' ? new JsonExporter(http) : new ProtoExporter(http));
}

/**
 * gRPC metadata is narrower than HTTP headers (lowercase names without
 * !#$%&'*+^`|~, printable ASCII values), and grpc-js throws on the rest,
 * quoting the value, which may be a token: the header is named instead.
 */
function grpcMetadata(headers: Record<string, string>): Result<Metadata> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) {
    try {
      metadata.set(key.toLowerCase(), value);
    } catch {
      return fail('BAD_CONFIG', `export.headers: header ${quote(key)} cannot be sent as gRPC metadata (names: letters, digits, _ . -; values: printable ASCII)`);
    }
  }
  return ok(metadata);
}

/** However little time is left, an attempt gets this long: a healthy collector answers well within it. */
export const MIN_ATTEMPT_MS = 1_000;

/** An attempt's timeout: the configured one, cut to the time left, but never under MIN_ATTEMPT_MS (unless configured so). */
export const attemptTimeoutMs = (configuredMs: number, leftMs: number): number => Math.min(configuredMs, Math.max(MIN_ATTEMPT_MS, Math.floor(leftMs)));

/**
 * The exporter for each attempt of a drain with a deadline. The exporters keep
 * retrying within their timeout (~8 s of backoff for a refused connection at
 * the default 10 s), so the timeout is cut to the time left: `vstrace flush
 * --timeout 3000` must not run 8 s. One exporter (one keep-alive connection)
 * serves attempt after attempt; a new one is made only when the time left has
 * shrunk a whole MIN_ATTEMPT_MS below its timeout, so a drain near its deadline
 * rebuilds a few times, not at every batch. No deadline (Infinity): the
 * configured timeout, always.
 */
export function deadlineExporters(d: OtlpDestination, deadlineMs: number): { next: () => Result<SpanExporter>; shutdown: () => Promise<void> } {
  let current: { exporter: SpanExporter; timeoutMs: number } | undefined;
  const shutdown = async () => current?.exporter.shutdown().catch(() => {});
  return {
    next() {
      const timeoutMs = attemptTimeoutMs(d.timeoutMs, deadlineMs - Date.now());
      if (!current || timeoutMs <= current.timeoutMs - MIN_ATTEMPT_MS) {
        void shutdown();
        const created = createExporter(d, timeoutMs);
        if (!created.ok) return created;
        current = { exporter: created.value, timeoutMs };
      }
      return ok(current.exporter);
    },
    shutdown,
  };
}

/** One export call as a promise; the error (if any) as one line. */
export function exportBatch(exporter: SpanExporter, spans: ReadableSpan[]): Promise<{ ok: true } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    exporter.export(spans, (result: ExportResult) => {
      resolve(result.code === 0 ? { ok: true } : { ok: false, error: describeExportError(result.error) });
    });
  });
}

export function describeExportError(error: Error | undefined): string {
  if (!error) return 'export failed';
  const e = error as Error & { code?: unknown; data?: unknown };
  const code = typeof e.code === 'number' || typeof e.code === 'string' ? `${e.code} ` : '';
  const message = error.message || error.name;
  return `${code}${message}`.replace(/\s+/g, ' ').trim().slice(0, 300);
}
