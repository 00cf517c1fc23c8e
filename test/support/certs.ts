import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from './env.ts';

/**
 * A throwaway certificate authority made with openssl at test time: a server
 * certificate for 127.0.0.1/localhost and a client certificate (mutual TLS),
 * both signed by it. Nothing is trusted system-wide; tests point vstrace at the
 * CA file.
 */
export interface TestCerts {
  caFile: string;
  serverKey: Buffer;
  serverCert: Buffer;
  ca: Buffer;
  clientKeyFile: string;
  clientCertFile: string;
}

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

export function makeCerts(dir: string): TestCerts {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=vstrace test CA']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const who of ['server', 'client']) {
    openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${who}.key`, '-out', `${who}.csr`, '-subj', `/CN=${who === 'server' ? 'localhost' : 'vstrace client'}`]);
    openssl(dir, ['x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${who}.pem`, '-days', '1', '-extfile', `${who}.ext`]);
  }
  return {
    caFile: join(dir, 'ca.pem'),
    ca: readFileSync(join(dir, 'ca.pem')),
    serverKey: readFileSync(join(dir, 'server.key')),
    serverCert: readFileSync(join(dir, 'server.pem')),
    clientKeyFile: join(dir, 'client.key'),
    clientCertFile: join(dir, 'client.pem'),
  };
}

/** A throwaway CA for the enclosing describe block: made before its tests, removed after. Call the result inside a test. */
export function useCerts(): () => TestCerts {
  const dir = tempDir();
  let certs: TestCerts | undefined;
  beforeAll(() => {
    certs = makeCerts(dir.path);
  });
  afterAll(() => dir.cleanup());
  return () => certs!;
}
