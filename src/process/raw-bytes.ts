import { isUtf8 } from 'node:buffer';
import { platform } from '../platform/index.ts';
import type { Env } from '../trace/carrier.ts';

/**
 * Arguments and environment values that are not UTF-8 (a Latin-1 file name)
 * reach Node as text with U+FFFD in place of their bytes, and would reach the
 * command that way. Where the system keeps the bytes exec gave us (Linux), the
 * plan passes them through exactly (launch.ts's shim decodes them in sh);
 * nothing is read unless some text holds U+FFFD, so a plain run pays one scan.
 */
export interface RawBytes {
  /** Each argument that was not UTF-8, by the text Node made of it (a queue: two arguments may decode alike). */
  args: Map<string, Buffer[]>;
  /** Environment values that were not UTF-8, by variable name. */
  env: Map<string, Buffer>;
  /** Whether the system could say (false: macOS, where run warns instead). */
  readable: boolean;
}

const REPLACEMENT = '\uFFFD';
export const isLossy = (text: string | undefined): boolean => text?.includes(REPLACEMENT) ?? false;

/** The raw bytes behind the lossy texts among `words` and `env`; undefined when nothing is lossy. */
export function rawBytesFor(words: readonly string[], env: Env): RawBytes | undefined {
  const lossyArgs = words.some(isLossy);
  const lossyEnv = Object.values(env).some(isLossy);
  if (!lossyArgs && !lossyEnv) return undefined;
  const raw: RawBytes = { args: new Map(), env: new Map(), readable: true };
  const argv = lossyArgs ? platform.rawArgv() : [];
  const environ = lossyEnv ? platform.rawEnviron() : [];
  if (argv === undefined || environ === undefined) raw.readable = false;
  for (const bytes of argv ?? []) {
    if (isUtf8(bytes)) continue;
    const text = bytes.toString('utf8');
    raw.args.set(text, [...(raw.args.get(text) ?? []), bytes]);
  }
  for (const entry of environ ?? []) {
    const eq = entry.indexOf(0x3d);
    if (eq > 0 && !isUtf8(entry.subarray(eq + 1))) raw.env.set(entry.subarray(0, eq).toString('utf8'), entry.subarray(eq + 1));
  }
  return raw;
}

/** The bytes of one argument as given: its raw bytes when it was not UTF-8, else its UTF-8. */
export function takeRaw(raw: RawBytes | undefined, text: string): Buffer | undefined {
  if (!raw || !isLossy(text)) return undefined;
  return raw.args.get(text)?.shift();
}

/**
 * A lossless, readable form for the span: valid UTF-8 as text, every other
 * byte as `\xHH`, and a backslash doubled so the form reads back unambiguously.
 */
export function escapeBytes(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      out += `\\x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
      continue;
    }
    const text = bytes.toString('utf8', i, i + length);
    out += text === '\\' ? '\\\\' : text;
    i += length;
  }
  return out;
}

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF), or 0. */
function sequenceLength(b: Buffer, i: number): number {
  const lead = b[i]!;
  if (lead < 0x80) return 1;
  const [length, low, high] =
    lead >= 0xc2 && lead <= 0xdf
      ? [2, 0x80, 0xbf]
      : lead === 0xe0
        ? [3, 0xa0, 0xbf]
        : lead === 0xed
          ? [3, 0x80, 0x9f]
          : lead >= 0xe1 && lead <= 0xef
            ? [3, 0x80, 0xbf]
            : lead === 0xf0
              ? [4, 0x90, 0xbf]
              : lead >= 0xf1 && lead <= 0xf3
                ? [4, 0x80, 0xbf]
                : lead === 0xf4
                  ? [4, 0x80, 0x8f]
                  : [0, 0, 0];
  if (length === 0 || i + length > b.length) return 0;
  if (b[i + 1]! < low || b[i + 1]! > high) return 0;
  for (let k = 2; k < length; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return 0;
  return length;
}
