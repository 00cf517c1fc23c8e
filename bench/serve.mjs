// `npm run bench` (serve): how fast `vstrace serve` accepts and stores spans, and what memory it
// holds under a flood, with every span accounted for.
// Targets: ≥ 10,000 spans/s accepted and stored (OTLP/HTTP protobuf, batches of 512 as the SDK's
// BatchSpanProcessor sends them, 16 clients at once); peak RSS ≤ 256 MB through a flood of
// 16 clients sending 3.7 MiB bodies as fast as they are answered (the in-flight budget answers 429
// past 16 MiB); every span sent is stored exactly once (a refused batch is retried, as exporters do).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, userEnv } from './lib.mjs';

const VSTRACE = fileURLToPath(new URL('../bin/vstrace', import.meta.url));
const require = createRequire(import.meta.url);
const Request = require('otlp-proto-schema/build/src/generated/root.js').opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
const BATCHES = Number(process.env.BENCH_SERVE_BATCHES ?? 200);
const BATCH = 512;
const CLIENTS = 16;
const TARGET_SPANS_PER_S = 10_000;
const TARGET_RSS_MB = 256;

const home = mkdtempSync(join(tmpdir(), 'vstrace-bench-serve-'));
const env = { ...userEnv(), VSTRACE_HOME: home };
for (const key of Object.keys(env)) if (/^(TRACEPARENT|OTEL_|VSTRACE_(?!HOME))/.test(key)) delete env[key];

/** A protobuf ExportTraceServiceRequest of `count` ended spans with ids unique to `seed`; `pad` bytes of attribute make it big. */
function batch(seed, count, pad = 0) {
  const traceId = Buffer.alloc(16);
  traceId.writeUInt32BE(seed + 1, 0);
  traceId.writeUInt32BE(0xabcdef01, 12);
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: count }, (_, i) => {
    const spanId = Buffer.alloc(8);
    spanId.writeUInt32BE(seed + 1, 0);
    spanId.writeUInt32BE(i + 1, 4);
    return {
      traceId,
      spanId,
      ...(i > 0 ? { parentSpanId: Buffer.concat([spanId.subarray(0, 4), Buffer.from([0, 0, 0, 1])]) } : {}),
      name: `GET /api/items/${i}`,
      kind: 2,
      startTimeUnixNano: String(now + BigInt(i) * 1000n),
      endTimeUnixNano: String(now + BigInt(i) * 1000n + 250_000n),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'http.response.status_code', value: { intValue: 200 } },
        { key: 'url.full', value: { stringValue: `https://api.example.com/items/${i}?page=2` } },
        ...(pad ? [{ key: 'payload', value: { stringValue: 'x'.repeat(pad) } }] : []),
      ],
      status: {},
    };
  });
  const message = Request.fromObject({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: `bench-${seed % 4}` } }] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }],
  });
  return Buffer.from(Request.encode(message).finish());
}

function post(port, body) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, retryAfter: Number(res.headers['retry-after'] ?? 0) }));
    });
    req.on('error', () => resolve({ status: 0 }));
    req.end(body);
  });
}

/** Sends every body until it is answered 200, `CLIENTS` at a time, retrying 429/503 after a short pause; counts the refusals. */
async function flood(port, bodies) {
  let next = 0;
  let refused = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      for (;;) {
        const { status } = await post(port, body);
        if (status === 200) break;
        refused += 1;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  return refused;
}

const peakRssMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

/** Spans in the store, and how many distinct trace+span ids among them. */
function storeCount() {
  const dir = join(home, 'traces');
  let lines = 0;
  const keys = new Set();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      lines += 1;
      const span = JSON.parse(line).resourceSpans[0].scopeSpans[0].spans[0];
      keys.add(span.traceId + span.spanId);
    }
  }
  return { lines, distinct: keys.size };
}

const server = spawn(process.execPath, [VSTRACE, 'serve', '--port', '0', '--grpc-port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
server.stderr.on('data', (c) => (stderr += c));
const port = await new Promise((resolve) =>
  server.stderr.on('data', () => /OTLP\/HTTP on http:\/\/\S+:(\d+)\/v1\/traces/.test(stderr) && resolve(Number(/OTLP\/HTTP on http:\/\/\S+:(\d+)\/v1\/traces/.exec(stderr)[1]))),
);
let ok = true;
try {
  const bodies = Array.from({ length: BATCHES }, (_, i) => batch(i, BATCH));
  const idleMb = rssMb(server.pid);
  const started = performance.now();
  const refused = await flood(port, bodies);
  const seconds = (performance.now() - started) / 1000;
  const throughputRss = peakRssMb(server.pid);
  const sent = BATCHES * BATCH;

  // The flood: bodies of ~3.7 MiB (256 spans of 15 KB), 16 clients, each resent as soon as it is answered.
  const big = Array.from({ length: 64 }, (_, i) => batch(10_000 + i, 256, 15_000));
  const bigStarted = performance.now();
  const bigRefused = await flood(port, big);
  const bigSeconds = (performance.now() - bigStarted) / 1000;
  const peak = peakRssMb(server.pid);
  const bigSent = big.length * 256;

  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const { lines, distinct } = storeCount();
  const perSecond = sent / seconds;
  console.log(`vstrace serve, OTLP/HTTP protobuf, ${CLIENTS} clients (${process.version}, load average ${loadavg()[0].toFixed(1)})\n`);
  console.log(
    `throughput: ${sent} spans in ${BATCHES} batches of ${BATCH}: ${fmt(seconds, 2)} s, ${Math.round(perSecond)} spans/s accepted and stored (${refused} refusals retried); RSS idle ${fmt(idleMb)} MB, peak ${fmt(throughputRss)} MB`,
  );
  console.log(
    `flood: ${bigSent} spans in ${big.length} bodies of ${fmt(big[0].length / 1048576, 2)} MiB: ${fmt(bigSeconds, 2)} s, ${Math.round(bigSent / bigSeconds)} spans/s, ${bigRefused} answers 429 (retried); peak RSS ${fmt(peak)} MB`,
  );
  console.log(`store: ${lines} spans, ${distinct} distinct, of ${sent + bigSent} sent\n`);
  const checks = [
    [`≥ ${TARGET_SPANS_PER_S} spans/s accepted and stored`, perSecond >= TARGET_SPANS_PER_S],
    [`peak RSS ≤ ${TARGET_RSS_MB} MB through the flood`, peak <= TARGET_RSS_MB],
    ['every span sent stored exactly once', lines === sent + bigSent && distinct === lines],
    ['serve exited 0 and said so', server.exitCode === 0 && /stopped; /.test(stderr)],
  ];
  for (const [label, pass] of checks) {
    console.log(`${pass ? '✓' : '✗'} ${label}`);
    ok &&= pass;
  }
} finally {
  if (server.exitCode === null) server.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
