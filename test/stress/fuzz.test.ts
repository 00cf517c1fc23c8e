import fc from 'fast-check';
import { describe, it } from 'vitest';
import { otelEnvLayer } from '../../src/config/otel-env.ts';
import { parseBool, parseEnum, parseKeyValueList, parseNonNegativeNumber } from '../../src/config/values.ts';
import type { Result } from '../../src/errors.ts';
import { decodeLine, encodeSpanLine } from '../../src/store/otlp-json.ts';
import { extractFromEnv } from '../../src/trace/carrier.ts';
import { formatTraceparent } from '../../src/trace/span-context.ts';
import { parseParentRef, parseTraceparent, parseUberTraceId } from '../../src/trace/parent.ts';
import { chooseParent } from '../../src/trace/parent-source.ts';
import type { SpanRecord } from '../../src/trace/span.ts';
import { parseTag } from '../../src/trace/tags.ts';
import { groupTraces, treeRows } from '../../src/trace/traces.ts';
import { PLAIN } from '../../src/view/format.ts';
import { renderTraceList } from '../../src/view/list.ts';
import { renderWaterfall } from '../../src/view/waterfall.ts';
import { useFigures } from './support/figures.ts';
import { must, mustBeClearRejection, mustEqual, shown } from './support/shapes.ts';

/**
 * Property tests over every parser that takes text from a user, an
 * environment or a file: 10^5 generated inputs each, no throw, and every
 * rejection one clear line naming the input or its variable.
 */
const figures = useFigures('fuzz');
const RUNS = Number(process.env.VSTRACE_FUZZ_RUNS ?? 100_000);
const MINUTES = 60_000;

function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns = RUNS): void {
  fc.assert(
    fc.property(arb, (v) => {
      predicate(v);
    }),
    { numRuns },
  );
  figures.iterations += numRuns;
  figures.notes.push(`${name} (${numRuns.toLocaleString('en-US')})`);
}

/* ---------- generators ---------- */

const hex = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: min, maxLength: max });
/** Text of every kind: full Unicode (lone surrogates too), ASCII, and strings made of the parsers' own punctuation. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ maxLength: 60 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef-:%3A=|,. \t\n\r\u2028'), maxLength: 80 }));
/** Traceparent-like: the right skeleton with fields of random length, case and separators. */
const traceparentLike = fc
  .tuple(hex(0, 3), hex(0, 34), hex(0, 18), hex(0, 3), fc.constantFrom('-', '_', ':', ''), fc.option(fc.string({ maxLength: 8 })))
  .map(([v, t, s, f, sep, rest]) => [v, t, s, f].join(sep) + (rest === null ? '' : `-${rest}`));
const uberLike = fc
  .tuple(hex(0, 34), hex(0, 18), hex(0, 18), hex(0, 3), fc.constantFrom(':', '%3A', '%3a', '::'), fc.boolean())
  .map(([t, s, p, f, sep, pad]) => (pad ? ' ' : '') + [t, s, p, f].join(sep));
const parentInput = fc.oneof(anyText, traceparentLike, uberLike, hex(14, 18));

const variables = fc.constantFrom('OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_HEADERS', 'VSTRACE_EXPORT_TIMEOUT', '~/.vstracerc.yaml: exporter.protocol');

function expectRejectionOrValue<T>(result: Result<T>, names: string): void {
  if (!result.ok) mustBeClearRejection(result.error.message, names);
}

/* ---------- parents ---------- */

describe('fuzz: parents (--parent, TRACEPARENT, uber-trace-id)', () => {
  it(
    'parseParentRef, parseTraceparent and parseUberTraceId never throw; rejections name the input',
    () => {
      check('parent parsers', parentInput, (raw) => {
        expectRejectionOrValue(parseParentRef(raw), shown(raw));
        expectRejectionOrValue(parseTraceparent(raw), shown(raw));
        expectRejectionOrValue(parseUberTraceId(raw), shown(raw));
      });
    },
    5 * MINUTES,
  );

  it(
    'a valid traceparent round-trips, in any case and with surrounding blanks',
    () => {
      const valid = fc
        .tuple(hex(32, 32), hex(16, 16), hex(2, 2))
        .filter(([t, s]) => !/^0+$/.test(t) && !/^0+$/.test(s))
        .map(([t, s, f]) => `00-${t}-${s}-${f}`);
      check('traceparent round trip', fc.tuple(valid, fc.constantFrom('', ' ', '\t')), ([tp, pad]) => {
        const parsed = parseTraceparent(`${pad}${tp}${pad}`);
        mustEqual(parsed.ok && formatTraceparent(parsed.value), tp.toLowerCase(), 'round trip');
      });
    },
    5 * MINUTES,
  );

  it(
    'the parent choice (flag, then TRACEPARENT) never throws and always says why a parent was dropped',
    () => {
      const arb = fc.tuple(fc.option(parentInput), fc.option(parentInput), fc.option(anyText));
      check('parent choice', arb, ([flag, traceparent, tracestate]) => {
        const env = { ...(traceparent !== null ? { TRACEPARENT: traceparent } : {}), ...(tracestate !== null ? { TRACESTATE: tracestate } : {}) };
        const choice = chooseParent(flag ?? undefined, env, () => undefined);
        const fromEnv = extractFromEnv(env);
        if (fromEnv && !fromEnv.ok) mustBeClearRejection(fromEnv.error.message, shown(env.TRACEPARENT!));
        if (choice.problem !== undefined) {
          const message = typeof choice.problem === 'string' ? choice.problem : choice.problem.message;
          // A flag is named as given, or (a span id not found) by the id it stands for.
          const named = flag === null ? 'TRACEPARENT' : message.includes(shown(flag)) ? shown(flag) : flag.trim().toLowerCase();
          mustBeClearRejection(message, named);
        } else if (choice.parent) {
          must(/^[0-9a-f]{32}$/.test(choice.parent.traceId) && /^[0-9a-f]{16}$/.test(choice.parent.spanId), 'a chosen parent has W3C ids');
        }
      });
    },
    5 * MINUTES,
  );
});

/* ---------- tags ---------- */

describe('fuzz: tags (k=v, k|v)', () => {
  it(
    'parseTag never throws; an accepted tag splits at the first separator; a rejected one names the input',
    () => {
      const tagLike = fc.oneof(
        anyText,
        fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('=', '|', '', '=='), fc.string({ unit: 'binary', maxLength: 40 })).map((p) => p.join('')),
      );
      check('tags', tagLike, (raw) => {
        const parsed = parseTag(raw);
        if (!parsed.ok) {
          mustBeClearRejection(parsed.error.message, shown(raw));
          return;
        }
        const [key, value] = parsed.value;
        must(key !== '' && key === key.trim() && !/[=|]/.test(key), 'the key is trimmed, non-empty, without separators');
        const cut = raw.length - value.length - 1;
        must(raw.slice(0, cut).trim() === key && (raw[cut] === '=' || raw[cut] === '|'), 'the value is everything after the first separator');
      });
    },
    5 * MINUTES,
  );

  it(
    'key=value with any Unicode value (=, |, emoji, blanks) keeps the value exactly',
    () => {
      const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((k) => !/[=|]/.test(k) && k.trim() !== '');
      check('tag values', fc.tuple(key, fc.constantFrom('=', '|'), fc.string({ unit: 'binary', maxLength: 60 })), ([k, sep, v]) => {
        const parsed = parseTag(`${k}${sep}${v}`);
        mustEqual(parsed.ok && parsed.value, [k.trim(), v], 'tag');
      });
    },
    5 * MINUTES,
  );
});

/* ---------- config values and OTEL_* strings ---------- */

describe('fuzz: config values (src/config/values.ts) and OTEL_* variables', () => {
  it(
    'enum, bool, number and key=value list parsers never throw; rejections name the variable and the input',
    () => {
      check('config value parsers', fc.tuple(variables, anyText), ([where, raw]) => {
        for (const result of [
          parseEnum(where, raw, ['http/protobuf', 'http/json', 'grpc']),
          parseBool(where, raw),
          parseNonNegativeNumber(where, raw, 'milliseconds'),
          parseKeyValueList(where, raw),
        ]) {
          if (result.ok) continue;
          mustBeClearRejection(result.error.message, where);
          must(result.error.message.startsWith(`${where}: `), 'the message starts with the variable');
        }
        const n = parseNonNegativeNumber(where, raw, 'ms');
        if (n.ok) must(Number.isFinite(n.value) && n.value >= 0, 'a number is finite and not negative');
      });
    },
    5 * MINUTES,
  );

  it(
    'OTEL header strings: any record, percent-encoded as the spec says, parses back to itself',
    () => {
      // Well-formed Unicode (encodeURIComponent cannot encode a lone surrogate); blanks around keys and values are not significant.
      const key = fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
        .map((k) => k.trim())
        .filter((k) => k !== '');
      const value = fc.string({ unit: 'grapheme', maxLength: 30 }).map((v) => v.trim());
      check('OTEL header round trip', fc.dictionary(key, value, { maxKeys: 6 }), (headers) => {
        const raw = Object.entries(headers)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join(',');
        const parsed = parseKeyValueList('OTEL_EXPORTER_OTLP_HEADERS', raw);
        mustEqual(parsed.ok && Object.entries(parsed.value), Object.entries(headers), 'headers');
      });
    },
    5 * MINUTES,
  );

  it(
    'the whole OTEL_*/JAEGER_* layer never throws on any environment; each problem names its variable',
    () => {
      const names = [
        'OTEL_SERVICE_NAME',
        'OTEL_RESOURCE_ATTRIBUTES',
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
        'OTEL_EXPORTER_OTLP_HEADERS',
        'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
        'OTEL_EXPORTER_OTLP_TIMEOUT',
        'OTEL_EXPORTER_OTLP_COMPRESSION',
        'OTEL_EXPORTER_OTLP_INSECURE',
        'OTEL_TRACES_EXPORTER',
        'OTEL_SDK_DISABLED',
        'JAEGER_ENDPOINT',
        'JAEGER_AGENT_HOST',
        'JAEGER_TAGS',
        'JAEGER_SERVICE_NAME',
      ] as const;
      const envArb = fc.dictionary(fc.constantFrom(...names), fc.oneof(anyText, fc.constantFrom('grpc', 'true', 'otlp', 'a=b,c=%zz', 'http://jaeger:14268')), { maxKeys: 8 });
      check('OTEL environment layer', envArb, (env) => {
        const layer = otelEnvLayer(env);
        for (const problem of layer.problems) {
          const variable = problem.slice(0, problem.indexOf(': '));
          must(variable in env, `the problem ${JSON.stringify(problem)} names a variable that was set`);
          mustBeClearRejection(problem, `${variable}: `);
        }
      });
    },
    5 * MINUTES,
  );
});

/* ---------- store lines ---------- */

const sampleSpan: SpanRecord = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  parentSpanId: '53995c3f42cd8ad8',
  name: 'build: docker build',
  startUs: 1_764_000_000_000_000,
  endUs: 1_764_000_001_500_000,
  status: { code: 'error', message: 'exit code 2' },
  attributes: { 'process.command_args': ['docker', 'build', '.'], 'process.exit.code': 2, error: true, 'vstrace.cpu.user_seconds': 0.25 },
  resource: { 'service.name': 'vstrace', 'host.name': 'ci-1' },
};
const VALID_LINE = encodeSpanLine(sampleSpan).trimEnd();

/** What `ls`, `show` and `show --json` do with decoded spans; none of it may throw. */
function viewAll(spans: SpanRecord[]): void {
  const traces = groupTraces(spans);
  renderTraceList(traces, PLAIN);
  for (const trace of traces) {
    JSON.stringify(treeRows(trace));
    renderWaterfall(trace, { width: 80, palette: PLAIN, nowUs: sampleSpan.endUs! });
  }
}

/** Decodes like the reader: a rejected line is an Error (counted and skipped), an accepted one yields sane spans. */
function decodeLikeReader(line: string): SpanRecord[] | undefined {
  let spans: SpanRecord[];
  try {
    spans = decodeLine(line);
  } catch (error) {
    must(error instanceof Error && error.message !== '', 'a rejected line throws an Error with a message');
    return undefined;
  }
  for (const s of spans) {
    must(/^[0-9a-f]+$/.test(s.traceId) && /^[0-9a-f]+$/.test(s.spanId), 'ids are hex');
    must(Number.isSafeInteger(s.startUs) && (s.endUs === undefined || Number.isSafeInteger(s.endUs)), 'times are exact integers');
  }
  return spans;
}

describe('fuzz: store lines (decodeLine, then ls/show rendering)', () => {
  it(
    'arbitrary text and arbitrary JSON: decodeLine accepts or rejects, and what it accepts renders',
    () => {
      check(
        'store lines (arbitrary)',
        fc.oneof(
          anyText,
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ resourceSpans: [v] })),
        ),
        (line) => {
          const spans = decodeLikeReader(line);
          if (spans) viewAll(spans);
        },
      );
    },
    5 * MINUTES,
  );

  it(
    'mutated valid lines (cut, spliced, a field replaced by any JSON value) never break the views',
    () => {
      const paths = ['traceId', 'spanId', 'parentSpanId', 'name', 'startTimeUnixNano', 'endTimeUnixNano', 'status', 'attributes', 'kind', 'traceState'];
      const replaced = fc
        .tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.constantFrom('9'.repeat(30), '-5', '1e21', '', '00', 'ffffffffffffffffffffffffffffffff')))
        .map(([field, value]) => {
          const doc = JSON.parse(VALID_LINE);
          doc.resourceSpans[0].scopeSpans[0].spans[0][field] = value;
          return JSON.stringify(doc);
        });
      const cut = fc.nat(VALID_LINE.length).map((n) => VALID_LINE.slice(0, n));
      const spliced = fc.tuple(fc.nat(VALID_LINE.length), fc.nat(20), fc.string({ unit: 'binary', maxLength: 8 })).map(([at, del, ins]) => VALID_LINE.slice(0, at) + ins + VALID_LINE.slice(at + del));
      check('store lines (mutated)', fc.oneof(replaced, cut, spliced), (line) => {
        const spans = decodeLikeReader(line);
        if (spans) viewAll(spans);
      });
    },
    5 * MINUTES,
  );
});
