import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeBytes } from '../../src/process/raw-bytes.ts';

const readBack = (text: string): Buffer => {
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('\\\\', i)) out.push(0x5c), (i += 2);
    else if (text.startsWith('\\x', i)) out.push(Number.parseInt(text.slice(i + 2, i + 4), 16)), (i += 4);
    else {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      out.push(...Buffer.from(char, 'utf8'));
      i += char.length;
    }
  }
  return Buffer.from(out);
};

describe('the span form of bytes that are not UTF-8', () => {
  it('keeps valid UTF-8 as text and writes every other byte as \\xHH', () => {
    expect(escapeBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('caf\\xE9');
    expect(escapeBytes(Buffer.from('é€😀', 'utf8'))).toBe('é€😀');
    // overlong "/", a UTF-16 surrogate, beyond U+10FFFF, a sequence cut short, a stray continuation byte
    for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]])
      expect(escapeBytes(Buffer.from(bytes))).toBe(bytes.map((b) => `\\x${b.toString(16).toUpperCase()}`).join(''));
    expect(escapeBytes(Buffer.from([0x5c, 0xff]))).toBe('\\\\\\xFF');
  });

  it('is lossless: reading the form back gives the bytes (500 random byte strings)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(readBack(escapeBytes(Buffer.from(bytes)))).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 500 },
    );
  });
});
