import type * as Crypto from 'node:crypto';

/**
 * SHA-256 of a string, as hex. node:crypto is loaded on first use only: the
 * plain run path never needs it (random ids come from /dev/urandom), only
 * deterministic ids do (CI runs, vscli event ids).
 */
let crypto: typeof Crypto | undefined;
export function sha256Hex(input: string): string {
  crypto ??= require('node:crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(input, 'utf8').digest('hex');
}

/** A 16-hex span id from a hash: hex digits 16–32, the slice the OpenTelemetry githubreceiver takes. */
export const spanIdFrom = (input: string): string => nonZero(sha256Hex(input).slice(16, 32));

/** A 32-hex trace id from a hash: its first 32 hex digits, as the githubreceiver takes them. */
export const traceIdFrom = (input: string): string => nonZero(sha256Hex(input).slice(0, 32));

/** An all-zero id is invalid in W3C trace context; a hash gives one with probability 2^-64, but never pass it on. */
const nonZero = (hex: string): string => (/^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex);
