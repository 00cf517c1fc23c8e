import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, tempDir } from '../support/env.ts';
import { spawnCollect, useReceivers } from '../support/export.ts';

/**
 * The package as a user gets it: `npm pack`, then a global install of the
 * tarball into an empty prefix — offline, so it must need nothing from a
 * registry — and the README's Use commands run from the installed copy.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;

function treeSize(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + treeSize(join(path, name)), 0);
}

describe('the packed, installed package', () => {
  const receiver = useReceivers();
  let dir: ReturnType<typeof tempDir>;
  let tarball = '';
  let bin = '';
  let env: Record<string, string> = {};
  const npm = (args: string[], cwd = dir.path) => spawnSync('npm', args, { cwd, env: { ...cleanEnv(), npm_config_update_notifier: 'false' }, encoding: 'utf8' });

  beforeAll(() => {
    dir = tempDir('vstrace-package-');
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir.path], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    tarball = join(dir.path, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
    const install = npm(['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', join(dir.path, 'prefix'), tarball]);
    expect(install.status, install.stderr).toBe(0);
    bin = join(dir.path, 'prefix', 'bin');
    env = cleanEnv({ VSTRACE_HOME: join(dir.path, 'store'), PATH: `${bin}:${process.env.PATH}` });
  }, 180_000);
  afterAll(() => dir.cleanup());

  it('is small: a tarball of at most 1.5 MB, an installed tree of at most 5 MB, no dependency to download', () => {
    expect(statSync(tarball).size).toBeLessThanOrEqual(1.5 * MB);
    const installed = join(dir.path, 'prefix', 'lib', 'node_modules', 'vstrace');
    expect(treeSize(installed)).toBeLessThanOrEqual(5 * MB);
    expect(readdirSync(installed)).not.toContain('node_modules');
    expect(readdirSync(bin).sort()).toEqual(['vscli', 'vstrace', 'vstrace-sh']);
  });

  it("runs the README's commands from the installed copy, and exports to a collector", async () => {
    const sh = (line: string, extra: Record<string, string> = {}) => spawnCollect('bash', ['-c', line], { ...env, ...extra });
    expect(await sh('vstrace run --type=build --tag service=api -- sh -c "echo built"')).toMatchObject({ status: 0, stdout: 'built\n' });
    expect((await sh('vstrace-sh -c "exit 3"')).status).toBe(3);
    expect(await sh('ID=$(vscli event -type=pipeline start) && vscli event -type=pipeline end -event-id="$ID"')).toMatchObject({ status: 0 });
    // run -x finds its bash helper next to the installed bundle: the script's commands are spans
    expect(await sh(`vstrace run -x --name xtraced -- bash -c 'echo one; echo two'`)).toMatchObject({ status: 0, stdout: 'one\ntwo\n', stderr: '' });
    expect((await sh('vstrace show last')).stdout).toMatch(/xtraced[^\n]*\n {2}echo one[^\n]*\n {2}echo two/);
    expect((await sh('vstrace ls')).stdout).toMatch(/build: sh/);
    expect((await sh('vstrace show last')).stdout).toMatch(/^trace [0-9a-f]{32}/);
    expect((await sh('vstrace stats')).stdout).toMatch(/build/);
    expect((await sh(`vstrace report --out ${join(dir.path, 'report.html')}`)).status).toBe(0);
    expect(statSync(join(dir.path, 'report.html')).size).toBeGreaterThan(1000);
    expect((await sh('vstrace doctor')).stdout).toMatch(/store/);
    // each of the bundled exporters, the part of a package most likely to miss a file
    for (const [transport, protocol] of [
      ['http', 'http/protobuf'],
      ['http', 'http/json'],
      ['grpc', 'grpc'],
    ] as const) {
      const otlp = await receiver(transport);
      const exporting = { VSTRACE_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_INSECURE: 'true' };
      expect((await sh(`vstrace run --name exported-${transport} -- true`, exporting)).status).toBe(0);
      const flush = await sh('vstrace flush --wait --timeout 20000', exporting);
      expect(flush.status, flush.stdout + flush.stderr).toBe(0);
      expect(
        otlp.requests.map((r) => r.transport),
        protocol,
      ).toContain(protocol);
      expect(otlp.spans.map((s) => s.name)).toContain(`exported-${transport}`);
    }
  }, 120_000);
});
