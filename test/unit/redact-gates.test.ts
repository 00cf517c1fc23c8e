import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, REDACTED } from '../../src/redact/rules.ts';
import { applyRules } from '../../src/redact/redact.ts';

// Pieces that the rules look for, glued in random order with random filler, so a
// good share of the strings match some rule and the rest come close.
const pieces = fc.constantFrom(
  'password',
  'PASS',
  'passive',
  'token',
  'tokenize',
  'secret',
  'api_key',
  'ApiKey',
  'auth',
  'author',
  'sig',
  'signature',
  'credentials',
  'key',
  'x-amz-signature',
  '=',
  ':',
  ';',
  '?',
  '&',
  '--',
  '-',
  '"',
  "'",
  ' ',
  '@',
  '://',
  'https',
  'db.',
  '-----BEGIN RSA PRIVATE KEY-----',
  'authorization: Bearer ',
  'AccountKey',
  '_authToken',
  REDACTED,
  'abc123',
  'x',
);
const glued = fc.array(fc.oneof({ arbitrary: pieces, weight: 4 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 1 }), { maxLength: 12 });
const texts = fc.oneof({ arbitrary: glued.map((p) => p.join('')), weight: 4 }, { arbitrary: fc.string({ maxLength: 80 }), weight: 1 });

const matches = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].length > 0;

describe('redaction gates', () => {
  it('every gated rule has a gate that passes wherever the rule matches', () => {
    const gated = BUILTIN_RULES.filter((r) => r.gate);
    expect(gated.length).toBeGreaterThanOrEqual(7);
    let matched = 0;
    fc.assert(
      fc.property(texts, (text) => {
        for (const { pattern, gate } of gated) {
          if (!matches(pattern, text)) continue;
          matched++;
          expect(gate!.test(text), `${pattern} matches ${JSON.stringify(text)} but its gate ${gate} does not`).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
    // The generator must reach the rules, or the property says nothing.
    expect(matched, `${matched} of 20000 texts matched a gated rule`).toBeGreaterThan(1_000);
  });

  it('gating changes no result: the rules give the same text with their gates as without', () => {
    const ungated = BUILTIN_RULES.map(({ name, pattern }) => ({ name, pattern }));
    fc.assert(
      fc.property(texts, (text) => {
        expect(applyRules(text, BUILTIN_RULES)).toBe(applyRules(text, ungated));
      }),
      { numRuns: 20_000 },
    );
  });
});
