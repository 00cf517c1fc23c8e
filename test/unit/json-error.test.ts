import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonError } from '../../src/config/loaders.ts';

describe('findJsonError: where broken JSON breaks, the same on every Node version', () => {
  it.each([
    ['an unquoted value', '{\n  "export": {\n    "protocol": grpc\n  }\n}\n', 3, 17, '"g" where a value should be; text values need double quotes'],
    ['a trailing comma (at the comma)', '{\n  "service": "a",\n}\n', 2, 17, 'a comma before "}"; JSON allows none after the last item'],
    ['a trailing comma in a list', '{ "redact": { "patterns": ["a",] } }', 1, 31, 'a comma before "]"; JSON allows none after the last item'],
    ['a missing closing brace', '{\n  "service": "a"\n', 3, 1, 'the file ends before every { and [ is closed'],
    ['a garbage first line', 'garbage\n{ "service": "a" }', 1, 1, '"g" where the JSON should begin; a config file is one object, {…}'],
    ['a missing comma', '{\n  "service": "a"\n  "defaultType": "b"\n}', 3, 3, 'expected "," or "}", found "\\""'],
    ['single quotes', "{ 'service': 'a' }", 1, 3, 'expected a property name in double quotes, found "\'"'],
    ['a missing colon', '{ "service" "a" }', 1, 13, 'expected ":" after the property name, found "\\""'],
    ['an unclosed string', '{ "service": "a\n}', 1, 16, 'a line break inside a string; is its closing quote missing?'],
    ['a bad escape', '{ "service": "a\\qb" }', 1, 17, 'a backslash before "q" is not a JSON escape; write \\\\ for a backslash'],
    ['a short \\u escape', '{ "service": "\\u12" }', 1, 16, '\\u needs four hex digits'],
    ['a leading zero', '{ "export": { "timeoutMs": 0100 } }', 1, 28, 'a malformed number'],
    ['text after the object', '{ "service": "a" }\n}', 2, 1, '"}" after the end of the JSON value'],
    ['an empty file', '  \n', 2, 1, 'the file is empty; write {} for no settings'],
    ['a byte order mark', '\uFEFF{}', 1, 1, 'a byte order mark at the start; save the file as UTF-8 without one'],
    ['a tab in a string', '{ "service": "a\tb" }', 1, 16, '"\\t" inside a string; write it as an escape'],
  ])('%s', (_name, text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonError(text)).toEqual({ line, column, reason });
  });

  it('never quotes more of the text than one character, so a secret next to the error stays out', () => {
    const found = findJsonError('{ "export": { "accessToken": hunter2-secret } }');
    expect(found?.reason).toBe('"h" where a value should be; text values need double quotes');
  });

  it('agrees with JSON.parse on what is valid: none for valid JSON, a position for anything it rejects', () => {
    const parses = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const json = fc.json();
    const mutated = fc.tuple(json, fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '\n', '0', '-', '.')).map(([text, at, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(json, mutated), (text) => {
        expect(findJsonError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
