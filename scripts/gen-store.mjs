#!/usr/bin/env node
// Fills a vstrace store with realistic synthetic traces, written straight as
// OTLP/JSON-lines segments (the format `vstrace run` appends), for the store
// benchmark and for trying `ls`, `stats` and `report` on months of CI data:
// pipelines with build/push/test/deploy children (tests fan out into shards),
// a few failures and signal deaths, durations that drift over the months, and
// one very large trace (--big spans) as the newest pipeline's sibling.
// With --deploys N (bench/dora.mjs), exactly N pipelines, evenly spread, end in a
// deployment, at the newest commit of --revisions (`git log --format='%H %ct'`
// of the repository at --work-tree) made before it started.
//
//   node scripts/gen-store.mjs --home /tmp/store --spans 1000000 --days 180 --big 10000
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    home: { type: 'string' },
    spans: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '180' },
    big: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '42' },
    end: { type: 'string' },
    deploys: { type: 'string' },
    revisions: { type: 'string' },
    'work-tree': { type: 'string' },
  },
});
const deploys = values.deploys === undefined ? undefined : Number(values.deploys);
/** [sha, commit time in µs], oldest first. */
const revisions = values.revisions
  ? readFileSync(values.revisions, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.split(' ')[0], Number(line.split(' ')[1]) * 1e6])
      .sort((a, b) => a[1] - b[1])
  : [];
/** The newest revision committed before `us` (the oldest when none is). */
function revisionAt(us) {
  let lo = 0;
  let hi = revisions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (revisions[mid][1] <= us) lo = mid;
    else hi = mid - 1;
  }
  return revisions[lo]?.[0] ?? hex(40);
}
if (!values.home) throw new Error('usage: gen-store.mjs --home DIR [--spans N] [--days D] [--big N] [--seed S]');
const totalSpans = Number(values.spans);
const days = Number(values.days);
const bigSpans = Number(values.big);
const endMs = values.end ? Date.parse(values.end) : Date.now() - 60_000;
const startMs = endMs - days * 86_400_000;

// mulberry32: deterministic for a seed
let seed = Number(values.seed) >>> 0;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const hex = (n) => {
  let s = '';
  while (s.length < n) s += ((rand() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
  return s.slice(0, n);
};
const pick = (list) => list[(rand() * list.length) | 0];
/** log-normal around `medianS` seconds with spread `sigma`, in µs */
const lognormal = (medianS, sigma) => {
  const z = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
  return Math.round(medianS * Math.exp(sigma * z) * 1e6);
};

const SERVICES = ['api', 'web', 'worker', 'billing'];
const ENVS = ['prod', 'staging'];
const BRANCHES = ['main', 'main', 'main', 'release/2.4', 'feat/search', 'fix/login'];
const str = (s) => JSON.stringify(s);
const attr = (key, value) =>
  typeof value === 'string'
    ? `{"key":${str(key)},"value":{"stringValue":${str(value)}}}`
    : Array.isArray(value)
      ? `{"key":${str(key)},"value":{"arrayValue":{"values":[${value.map((v) => `{"stringValue":${str(v)}}`).join(',')}]}}}`
      : Number.isInteger(value)
        ? `{"key":${str(key)},"value":{"intValue":"${value}"}}`
        : typeof value === 'boolean'
          ? `{"key":${str(key)},"value":{"boolValue":${value}}}`
          : `{"key":${str(key)},"value":{"doubleValue":${value}}}`;

function spanLine(s) {
  const resource = [
    attr('service.name', s.service),
    attr('host.name', s.host),
    attr('host.arch', 'amd64'),
    attr('os.type', 'linux'),
    attr('telemetry.sdk.name', 'vstrace'),
    attr('telemetry.sdk.language', 'nodejs'),
    attr('telemetry.sdk.version', '0.1.0'),
  ].join(',');
  const failed = s.exit !== 0 || s.signal;
  const attrs = [
    attr('vstrace.type', s.type),
    attr('process.executable.name', s.argv[0]),
    attr('process.command_args', s.argv),
    attr('process.pid', 1000 + ((rand() * 60000) | 0)),
    attr('process.owner', 'ci'),
    attr('process.working_directory', `/builds/acme/${s.service}`),
    attr('vcs.ref.head.name', s.branch),
    attr('vcs.ref.head.revision', s.rev),
    attr('vstrace.cpu.user_seconds', Math.round(s.cpu * 0.8 * 1000) / 1000 + 0.0001),
    attr('vstrace.cpu.system_seconds', Math.round(s.cpu * 0.2 * 1000) / 1000 + 0.0001),
    ...(s.signal ? [attr('signal', s.signal)] : [attr('process.exit.code', s.exit)]),
    ...(s.type === 'deploy' && deploys !== undefined ? [attr('deployment.status', failed ? 'failed' : 'succeeded'), attr('vstrace.vcs.work_tree', values['work-tree'] ?? '/nowhere')] : []),
    attr('service', s.service),
    attr('env', s.env),
    ...(failed ? [attr('error', true)] : []),
  ].join(',');
  const status = failed ? `{"code":2,"message":${str(s.signal ? `killed by ${s.signal}` : `exit code ${s.exit}`)}}` : '{"code":0}';
  return `{"resourceSpans":[{"resource":{"attributes":[${resource}]},"scopeSpans":[{"scope":{"name":"vstrace","version":"0.1.0"},"spans":[{"traceId":"${s.traceId}","spanId":"${s.spanId}",${s.parent ? `"parentSpanId":"${s.parent}",` : ''}"name":${str(s.name)},"kind":1,"startTimeUnixNano":"${s.startUs}000","endTimeUnixNano":"${s.endUs}000","attributes":[${attrs}],"status":${status}}]}]}]}\n`;
}

const segments = new Map(); // day -> lines
let written = 0;
function emit(s) {
  const day = new Date(Math.floor(s.endUs / 1000)).toISOString().slice(0, 10);
  let list = segments.get(day);
  if (!list) segments.set(day, (list = []));
  list.push(spanLine(s));
  written += 1;
}

/** One CI pipeline: build → push → tests (sharded) → deploy, children written before the root as runs end. */
function pipeline(startUs, progress, extraTestShards = 0, deploy = undefined) {
  const traceId = hex(32);
  const rootId = hex(16);
  const service = pick(SERVICES);
  const ctx = { traceId, service, env: pick(ENVS), branch: pick(BRANCHES), rev: hex(40), host: `runner-${(rand() * 8) | 0}` };
  const children = [];
  let t = startUs + 200_000;
  let failed = false;
  const step = (type, name, argv, durUs, failP, parent = rootId, at = t) => {
    const signal = rand() < failP * 0.1 ? 'SIGTERM' : undefined;
    const exit = signal ? 0 : rand() < failP ? pick([1, 1, 2, 137]) : 0;
    const s = { ...ctx, spanId: hex(16), parent, type, name, argv, startUs: at, endUs: at + durUs, exit, signal, cpu: (durUs / 1e6) * (0.3 + rand()) };
    children.push(s);
    return s;
  };
  const slower = 1 + progress * 0.4; // deploys drift 40% slower over the period
  const build = step('build', `build: docker build ${service}`, ['docker', 'build', '-t', `acme/${service}`, '.'], lognormal(95, 0.35), 0.03);
  t = build.endUs + 100_000;
  failed ||= build.exit !== 0 || !!build.signal;
  if (!failed) {
    const push = step('push', `push: docker push ${service}`, ['docker', 'push', `acme/${service}`], lognormal(25, 0.5), 0.01);
    const tests = step('test', 'test: make test', ['make', 'test'], 0, 0, rootId, push.endUs + 50_000);
    let shardEnd = tests.startUs;
    const shards = 3 + ((rand() * 4) | 0) + extraTestShards;
    let testFailed = false;
    for (let i = 0; i < shards; i++) {
      const at = tests.startUs + 20_000 + (i % 4) * 5_000 + Math.floor(i / 4) * 1000;
      const shard = step(
        'test',
        `test: jest --shard ${i + 1}/${shards}`,
        ['npx', 'jest', `--shard=${i + 1}/${shards}`],
        extraTestShards ? lognormal(0.5, 0.6) : lognormal(40, 0.4),
        0.02,
        tests.spanId,
        at,
      );
      shardEnd = Math.max(shardEnd, shard.endUs);
      testFailed ||= shard.exit !== 0 || !!shard.signal;
    }
    tests.endUs = shardEnd + 30_000;
    if (testFailed) tests.exit = 2;
    tests.cpu = 0.05;
    failed ||= testFailed || push.exit !== 0 || !!push.signal;
    if (deploy ?? (!failed && ctx.branch === 'main')) {
      if (deploy) ctx.rev = revisionAt(tests.endUs);
      const dep = step('deploy', `deploy: kubectl apply ${service}`, ['kubectl', 'apply', '-f', `k8s/${service}.yaml`], lognormal(180 * slower, 0.3), 0.04, rootId, tests.endUs + 100_000);
      failed ||= dep.exit !== 0 || !!dep.signal;
    }
  }
  const endUs = Math.max(...children.map((c) => c.endUs)) + 150_000;
  for (const c of children.sort((a, b) => a.endUs - b.endUs)) emit(c);
  emit({ ...ctx, spanId: rootId, type: 'pipeline', name: `pipeline: ci-${service}.sh`, argv: ['bash', `ci-${service}.sh`], startUs, endUs, exit: failed ? 1 : 0, cpu: 0.02 });
  return { traceId, spans: children.length + 1 };
}

const avgSpans = 9.2;
const count = Math.max(1, Math.round((totalSpans - bigSpans) / avgSpans));
const stepUs = ((endMs - startMs) * 1000) / count;
let bigTrace;
for (let i = 0; written < totalSpans - bigSpans - 12 && i < count * 2; i++) {
  // place each pipeline by how much of the span budget is used, so the last one lands near the end
  const at = Math.round(startMs * 1000 + (written / (totalSpans - bigSpans)) * (endMs - startMs - 3_600_000) * 1000 + (rand() - 0.5) * stepUs);
  // --deploys: pipeline i deploys when i·N/count crosses a whole number, so exactly N do, evenly spread
  const deploy = deploys === undefined ? undefined : Math.floor(((i + 1) * deploys) / count) > Math.floor((i * deploys) / count);
  pipeline(Math.max(startMs * 1000, at), i / count, 0, deploy);
}
if (bigSpans > 0) bigTrace = pipeline(endMs * 1000 - 3_000_000_000, 1, bigSpans - 5);

const dir = join(values.home, 'traces');
mkdirSync(dir, { recursive: true, mode: 0o700 });
for (const [day, lines] of segments) writeFileSync(join(dir, `${day}.jsonl`), lines.join(''), { mode: 0o600 });
console.log(JSON.stringify({ spans: written, segments: segments.size, bigTrace: bigTrace?.traceId, bigTraceSpans: bigTrace?.spans }));
