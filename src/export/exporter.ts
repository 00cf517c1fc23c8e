import { credentials as grpcCredentials, Metadata } from '@grpc/grpc-js';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { readFileSync } from 'node:fs';
import { VERSION } from '../version.ts';
import type { OtlpDestination } from './destination.ts';

/**
 * The OpenTelemetry JS OTLP exporter for a destination: protobuf or JSON over
 * HTTP, or gRPC. They own the encoding and the retry rules (429/502/503/504
 * and network errors retried with backoff within the timeout, Retry-After
 * honoured, partial success not retried); vstrace only configures them —
 * URL, headers, timeout, gzip, and the TLS files (CA to trust, client key and
 * certificate for mutual TLS).
 */
export function createExporter(d: OtlpDestination, timeoutMs = d.timeoutMs): SpanExporter {
  const compression = d.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
  const common = { url: d.url, timeoutMillis: timeoutMs, compression, userAgent: `vstrace/${VERSION}` };
  const tls = {
    ...(d.certificate ? { ca: readFileSync(d.certificate) } : {}),
    ...(d.clientKey ? { key: readFileSync(d.clientKey) } : {}),
    ...(d.clientCertificate ? { cert: readFileSync(d.clientCertificate) } : {}),
  };
  if (d.protocol === 'grpc') {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(d.headers)) metadata.set(key.toLowerCase(), value);
    const secure = d.url.startsWith('https://') && !d.insecure;
    const credentials = secure ? grpcCredentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null) : grpcCredentials.createInsecure();
    return new GrpcExporter({ ...common, metadata, credentials });
  }
  const http = { ...common, headers: d.headers, httpAgentOptions: { keepAlive: true, ...tls } };
  return d.protocol === 'http/json' ? new JsonExporter(http) : new ProtoExporter(http);
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
 * serves attempt after attempt until a shorter timeout is due, near the deadline.
 */
export function deadlineExporters(d: OtlpDestination, deadlineMs: number): { next: () => SpanExporter; shutdown: () => Promise<void> } {
  let current: { exporter: SpanExporter; timeoutMs: number } | undefined;
  const shutdown = async () => current?.exporter.shutdown().catch(() => {});
  return {
    next() {
      const timeoutMs = attemptTimeoutMs(d.timeoutMs, deadlineMs - Date.now());
      if (current?.timeoutMs !== timeoutMs) {
        void shutdown();
        current = { exporter: createExporter(d, timeoutMs), timeoutMs };
      }
      return current.exporter;
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
