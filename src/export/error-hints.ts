/** Export failures as people meet them, mapped to what usually fixes them (shared by vstrace flush and doctor). */
export function hintFor(error: string): string {
  const tlsFile = /\b(export\.(?:certificate|clientKey|clientCertificate)): cannot read /.exec(error)?.[1];
  if (tlsFile) return ` (point ${tlsFile} at a readable PEM file, or unset it; vstrace config shows where it is set)`;
  if (/ECONNREFUSED/.test(error)) return ' (is the collector running and listening there?)';
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return ' (check the endpoint host name)';
  if (/timed out|DEADLINE|ETIMEDOUT/i.test(error)) return ' (the endpoint does not answer: check it, or raise OTEL_EXPORTER_OTLP_TIMEOUT)';
  if (/retryable status/i.test(error)) return ' (the collector kept answering 429, 502, 503 or 504 — overloaded or restarting; the spans stay queued for the next flush)';
  if (/\b40[13]\b|Unauthenticated|PERMISSION_DENIED|UNAUTHENTICATED/i.test(error)) return ' (check the access token / headers)';
  if (/certificate|self[- ]signed|SSL|TLS/i.test(error)) return " (set OTEL_EXPORTER_OTLP_CERTIFICATE to the CA that signed the collector's certificate)";
  return '';
}
