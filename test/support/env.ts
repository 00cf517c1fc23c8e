import { afterEach, beforeEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Variables from the machine that would change what vstrace does: trace
 * context, vstrace/OpenTelemetry settings, CI providers (CI itself sets CI=true).
 * Tests start from an environment without them, so they pass the same
 * everywhere.
 */
const INHERITED =
  /^(TRACEPARENT|TRACESTATE|BAGGAGE|VSTRACE_.*|OTEL_.*|JAEGER_.*|LS_.*|CI|CI_.*|GITHUB_.*|GITLAB_.*|RUNNER_.*|JENKINS_.*|BUILD_.*|JOB_.*|CIRCLE.*|BUILDKITE.*|TF_BUILD|SYSTEM_.*|AGENT_.*|BITBUCKET_.*|XDG_.*|NO_COLOR|FORCE_COLOR)$/;

/** Kept: which platform reads the built binary uses (VSTRACE_PLATFORM=portable runs the suite on the ps fallbacks). */
const KEPT = new Set(['VSTRACE_PLATFORM']);

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && (KEPT.has(key) || !INHERITED.test(key))) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** A fresh directory, removed by the returned cleanup. */
export function tempDir(prefix = 'vstrace-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A fresh store per test: registers beforeEach/afterEach and returns a handle
 * whose fields are valid inside each test.
 */
export function useTempStore(): { dir: string; home: string; env: Record<string, string> } {
  const ctx = { dir: '', home: '', env: {} as Record<string, string> };
  let cleanup = () => {};
  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    ctx.dir = t.path;
    ctx.home = join(t.path, 'store');
    ctx.env = cleanEnv({ VSTRACE_HOME: ctx.home });
  });
  afterEach(() => {
    // Anything a failed test left running under this directory (a fixture whose vstrace died) goes too.
    spawnSync('pkill', ['-KILL', '-f', ctx.dir]);
    cleanup();
  });
  return ctx;
}
