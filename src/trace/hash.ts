import { sha256Hex } from './sha256.ts';

/** A 16-hex span id from a hash: hex digits 16–32, the slice the OpenTelemetry githubreceiver takes. */
export const spanIdFrom = (input: string): string => nonZero(sha256Hex(input).slice(16, 32));

/** A 32-hex trace id from a hash: its first 32 hex digits, as the githubreceiver takes them. */
export const traceIdFrom = (input: string): string => nonZero(sha256Hex(input).slice(0, 32));

/** An all-zero id is invalid in W3C trace context; a hash gives one with probability 2^-64, but never pass it on. */
const nonZero = (hex: string): string => (/^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex);
