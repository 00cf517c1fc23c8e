import { describe, expect, it } from 'vitest';
import { parseKeyValueList } from '../../src/config/values.ts';
import { quote } from '../../src/errors.ts';
import { decodeLine, encodeSpanLine } from '../../src/store/otlp-json.ts';
import { parseParentRef } from '../../src/trace/parent.ts';
import { parseTags } from '../../src/trace/tags.ts';

/** Edges the property tests in test/stress/fuzz.test.ts found; each pinned here as a plain example. */
describe('rejection messages stay one line', () => {
  it('quote escapes line breaks and control characters, and cuts long input', () => {
    expect(quote('a\nb\r\u2028c\u0007')).toBe('"a\\nb\\r\\u2028c\\u0007"');
    expect(quote('x'.repeat(200))).toBe(`"${'x'.repeat(79)}…"`);
    expect(quote('nonsense')).toBe('"nonsense"');
  });

  it('a parent with a newline in it is named on one line', () => {
    const parsed = parseParentRef('00-abc\n-01');
    expect(!parsed.ok && parsed.error.message).toMatch(/^invalid parent "00-abc\\n-01": [^\n]+$/);
  });
});

describe('keys named __proto__ are ordinary keys', () => {
  it('in tags', () => {
    const tags = parseTags(['__proto__=x', 'a=b']);
    expect(tags.ok && Object.entries(tags.value)).toEqual([
      ['__proto__', 'x'],
      ['a', 'b'],
    ]);
  });

  it('in OTEL key=value lists', () => {
    const list = parseKeyValueList('OTEL_RESOURCE_ATTRIBUTES', '__proto__=x,constructor=y');
    expect(list.ok && Object.entries(list.value)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });
});

describe('store lines with times no Date can hold', () => {
  it('are rejected (and so skipped by readers) instead of crashing ls', () => {
    const line = JSON.parse(encodeSpanLine({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'x', startUs: 1, endUs: 2, status: { code: 'unset' }, attributes: {}, resource: {} }));
    line.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano = '9'.repeat(30);
    expect(() => decodeLine(JSON.stringify(line))).toThrow('span times out of range');
  });
});
