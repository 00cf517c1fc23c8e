import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { OtlpDestination } from './destination.ts';

/**
 * The OpenTelemetry exporters count any 2xx as delivered. A web server or a
 * proxy's login page answering `200 text/html` at the endpoint would then eat
 * the spans: the spool deletes what was "delivered". OTLP/HTTP says the server
 * answers in the request's content type, so while a batch is in flight the
 * answers to requests for the destination's URL are watched (Node's
 * diagnostics channel for HTTP client responses, which the exporters' plain
 * `http` requests publish to), and a 2xx in another content type is a failure
 * that names what answered. An answer with no content type cannot be judged and
 * stands. gRPC has its own framing: it fails loudly by itself.
 */
const CHANNEL = 'http.client.response.finish';
const OTLP_TYPES: Record<string, readonly string[]> = { 'http/protobuf': ['application/x-protobuf', 'application/protobuf'], 'http/json': ['application/json'] };

export async function checkedAnswer<T extends { ok: boolean }>(d: OtlpDestination, send: () => Promise<T>): Promise<T | { ok: false; error: string }> {
  const expected = OTLP_TYPES[d.protocol];
  if (!expected) return send();
  const target = new URL(d.url);
  let wrong: string | undefined;
  const onResponse = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    if (request.host !== target.hostname || request.path !== `${target.pathname}${target.search}`) return;
    const status = response.statusCode ?? 0;
    const type = String(response.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (status >= 200 && status < 300 && type !== '' && !expected.includes(type)) wrong = `${status} ${type}`;
  };
  subscribe(CHANNEL, onResponse);
  try {
    const result = await send();
    if (!result.ok || wrong === undefined) return result;
    return { ok: false, error: `the endpoint answered ${wrong}, not OTLP (${expected[0]}): is ${d.url} a collector?` };
  } finally {
    unsubscribe(CHANNEL, onResponse);
  }
}
