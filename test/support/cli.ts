import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listSegments, readSegment } from '../../src/store/reader.ts';
import type { SpanRecord } from '../../src/trace/span.ts';

/**
 * The checkout whose build the tests run: this one, or VSTRACE_TEST_ROOT (another
 * checkout, built), so scripts/regressions.mjs can run today's tests against an
 * older commit's vstrace.
 */
export const ROOT = process.env.VSTRACE_TEST_ROOT ? resolve(process.env.VSTRACE_TEST_ROOT) : fileURLToPath(new URL('../..', import.meta.url));
/** The built binary, exactly as users run it. `npm test` builds it first. */
export const VSTRACE = join(ROOT, 'bin', 'vstrace');
/** The drop-in shell (make's SHELL, npm's script-shell), and the folder to put on PATH for it. */
export const VSTRACE_SH = join(ROOT, 'bin', 'vstrace-sh');
export const BIN_DIR = join(ROOT, 'bin');
export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function vstraceSync(args: string[], options: { env: Record<string, string>; cwd?: string; input?: string | Buffer }): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(VSTRACE, args, {
    env: options.env,
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    // SIGKILL: a build that hangs with SIGTERM caught (an old build under a looping config, in the
    // regression ledger) must fail its test, not hold the suite for ever.
    timeout: 60_000,
    killSignal: 'SIGKILL',
    // show --json of a thousand-span trace is megabytes (the default 1 MB would cut it off and report no status)
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a shell line under bash, so `$?` and signal deaths are seen as a shell sees them. */
export function bashSync(line: string, env: Record<string, string>, cwd?: string): CliResult {
  const r = spawnSync('bash', ['-c', line], { env, cwd, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function vstraceAsync(args: string[], options: { env: Record<string, string>; cwd?: string }) {
  return spawn(VSTRACE, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Every span in a store, oldest first by start. */
export function storedSpans(home: string): SpanRecord[] {
  return listSegments(home)
    .flatMap((file) => readSegment(file))
    .sort((a, b) => a.startUs - b.startUs);
}
