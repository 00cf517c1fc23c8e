import { readFileSync } from 'node:fs';
import { describe, fail, ok, type Result } from '../errors.ts';
import type { OtlpDestination } from './destination.ts';

/**
 * The TLS files a destination names: the CA to trust, and the client's key
 * and certificate for mutual TLS. Read when an exporter is made; a file that
 * cannot be read is one line naming the setting and the file (error-hints.ts holds
 * its fix), never an error thrown from inside the exporter.
 */
export interface TlsFiles {
  ca?: Buffer;
  key?: Buffer;
  cert?: Buffer;
}

const FILES = [
  ['certificate', 'ca'],
  ['clientKey', 'key'],
  ['clientCertificate', 'cert'],
] as const;

export function readTlsFiles(d: Pick<OtlpDestination, 'certificate' | 'clientKey' | 'clientCertificate'>): Result<TlsFiles> {
  const files: TlsFiles = {};
  for (const [setting, option] of FILES) {
    const path = d[setting];
    if (path === undefined) continue;
    try {
      files[option] = readFileSync(path);
    } catch (error) {
      return fail('BAD_CONFIG', `export.${setting}: cannot read ${path} (${why(error)})`);
    }
  }
  return ok(files);
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'a directory, not a PEM file';
  return describe(error);
}
