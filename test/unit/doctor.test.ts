import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks, type DoctorContext } from '../../src/doctor/check.ts';
import { ciChecks } from '../../src/doctor/ci.ts';
import { clockChecks } from '../../src/doctor/clock.ts';
import { nodeCheck } from '../../src/doctor/node.ts';
import { renderChecks } from '../../src/doctor/render.ts';
import { PLAIN } from '../../src/view/format.ts';
import { loadConfig } from '../../src/config/resolve.ts';
import { tempDir } from '../support/env.ts';

const dirs: Array<() => void> = [];
afterEach(() => dirs.splice(0).forEach((cleanup) => cleanup()));
const context = (home: string): DoctorContext => {
  const config = loadConfig({ config: 'none' }, { HOME: home, VSTRACE_HOME: join(home, 'store') }, home);
  return { settings: config.settings, config, env: { HOME: home }, cwd: home };
};

describe('doctor', () => {
  it('runs every source, in order, and turns a source that throws into a failed check', async () => {
    const checks = await runChecks(
      [
        { name: 'slow', run: async () => [{ name: 'slow', ok: true, detail: 'fine' }] },
        {
          name: 'export',
          run: () => {
            throw new Error('socket hang up');
          },
        },
        {
          name: 'two',
          run: () => [
            { name: 'a', ok: true, detail: '1' },
            { name: 'b', ok: false, detail: '2', fix: 'do x' },
          ],
        },
      ],
      context('/nonexistent'),
    );
    expect(checks).toEqual([
      { name: 'slow', ok: true, detail: 'fine' },
      { name: 'export', ok: false, detail: 'the check itself failed: socket hang up', fix: 'please report it' },
      { name: 'a', ok: true, detail: '1' },
      { name: 'b', ok: false, detail: '2', fix: 'do x' },
    ]);
    expect(renderChecks(checks, PLAIN)).toBe(
      ['✓ slow    fine', '✗ export  the check itself failed: socket hang up → fix: please report it', '✓ a       1', '✗ b       2 → fix: do x', '', '2 of 4 checks failed'].join('\n'),
    );
  });

  it.each([
    ['20.6.0', true],
    ['22.11.0', true],
    ['20.5.1', false],
    ['18.20.4', false],
  ])('node %s passes: %s', (version, ok) => {
    const [check] = nodeCheck(version);
    expect(check?.ok).toBe(ok);
    if (!ok) expect(check?.fix).toBe('install Node 20.6 or later (e.g. nvm install --lts)');
  });

  it('the clock fails when implausible, or behind the newest write to the store', () => {
    const t = tempDir();
    dirs.push(t.cleanup);
    const ctx = context(t.path);
    expect(clockChecks(ctx, Date.UTC(1970, 0, 2))[0]).toMatchObject({ ok: false, detail: 'the clock says 1970-01-02T00:00:00Z, which cannot be right' });
    const now = Date.UTC(2026, 10, 25, 12);
    expect(clockChecks(ctx, now)[0]?.ok).toBe(true);
    mkdirSync(join(t.path, 'store', 'traces'), { recursive: true });
    const segment = join(t.path, 'store', 'traces', '2026-11-25.jsonl');
    writeFileSync(segment, '');
    utimesSync(segment, new Date(now + 600_000), new Date(now + 600_000));
    expect(clockChecks(ctx, now)[0]).toMatchObject({ ok: false, detail: '2026-11-25T12:00:00Z is 600s behind the newest write to the store: new spans would sort before old ones' });
  });
});

describe('doctor: config checks', () => {
  it('names the file in use, the ones it shadows, and each problem of the environment', async () => {
    const { configChecks } = await import('../../src/doctor/config.ts');
    const t = tempDir();
    dirs.push(t.cleanup);
    mkdirSync(join(t.path, 'p', 'sub'), { recursive: true });
    writeFileSync(join(t.path, 'p', '.vstracerc.json'), '{"service":"far"}');
    writeFileSync(join(t.path, 'p', 'sub', '.vstracerc.json'), '{"service":"near"}');
    const env = { HOME: join(t.path, 'home'), OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' };
    const cwd = join(t.path, 'p', 'sub');
    const config = loadConfig({}, env, cwd);
    const checks = configChecks({ settings: config.settings, config, env, cwd });
    expect(checks).toEqual([
      { name: 'config', ok: true, detail: `${cwd}/.vstracerc.json (project file) is valid; not used, as the nearest file wins: ${t.path}/p/.vstracerc.json` },
      { name: 'config', ok: false, detail: 'OTEL_EXPORTER_OTLP_COMPRESSION: "zstd" is not one of none, gzip', fix: 'correct or unset it' },
    ]);
  });
});

describe('doctor: CI check', () => {
  const ci = (env: Record<string, string>, detect = true) => {
    const ctx = context('/nonexistent');
    ctx.settings.ci.detect = detect;
    return ciChecks({ ...ctx, env })[0];
  };

  it('passes outside CI, with detection off, and for a provider whose run and job are known', () => {
    expect(ci({})).toEqual({ name: 'ci', ok: true, detail: 'not running in CI' });
    expect(ci({ CI: 'true' }, false)).toEqual({ name: 'ci', ok: true, detail: 'CI detection is off (ci.detect: false)' });
    const github = ci({ GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'build' });
    expect(github?.ok).toBe(true);
    expect(github?.detail).toMatch(/^GitHub Actions: steps join trace [0-9a-f]{32} under job span [0-9a-f]{16}$/);
  });

  it('fails, with a fix, when CI is claimed by an unknown provider or the job identity is missing', () => {
    expect(ci({ CI: 'true' })).toMatchObject({ ok: false, fix: "pass the run's context explicitly: export TRACEPARENT, or vstrace run --parent" });
    expect(ci({ GITLAB_CI: 'true' })).toMatchObject({ ok: false, detail: 'GitLab CI detected, but its run or job identity is missing from the environment' });
  });
});
