import { gunzipSync, inflateSync } from 'node:zlib';

/** What a request body is, from its headers; undefined for what OTLP/HTTP does not speak (a 415). */
export type BodyEncoding = 'json' | 'protobuf';
export type Compression = 'none' | 'gzip' | 'deflate';

export function bodyEncoding(contentType: string | undefined): BodyEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return undefined;
}

export function compression(contentEncoding: string | undefined): Compression | undefined {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return 'none';
  if (encoding === 'gzip' || encoding === 'x-gzip') return 'gzip';
  if (encoding === 'deflate') return 'deflate';
  return undefined;
}

/** A body too big once decompressed: the request is answered 413. */
export class TooLarge extends Error {}

/**
 * The body as sent, decompressed, never past `maxBytes` (a small gzip bomb
 * stops at the limit instead of filling memory). Throws TooLarge past it, and
 * an Error saying why for a body that does not decompress.
 */
export function decompress(body: Buffer, how: Compression, maxBytes: number): Buffer {
  if (how === 'none') return body;
  try {
    return (how === 'gzip' ? gunzipSync : inflateSync)(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge();
    throw new Error(`the ${how} body does not decompress (${(error as Error).message})`);
  }
}
