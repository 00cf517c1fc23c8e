import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, vi } from 'vitest';
import { VSTRACE, type CliResult } from './cli.ts';
import { OtlpReceiver } from './otlp-receiver.ts';
import { waitFor } from './wait.ts';

/**
 * For an export test file: generous timeouts (real processes against a real
 * receiver on a shared machine; never timed assertions), and a start function
 * for receivers that are all closed after each test.
 */
export function useReceivers(): typeof OtlpReceiver.start {
  vi.setConfig({ testTimeout: 120_000 });
  const started: OtlpReceiver[] = [];
  afterEach(async () => {
    for (const r of started.splice(0)) await r.close();
  });
  return async (protocol, options) => {
    const receiver = await OtlpReceiver.start(protocol, options);
    started.push(receiver);
    return receiver;
  };
}

/**
 * vstrace run asynchronously: the test's own OTLP receiver lives in the test
 * process, so a spawnSync would block it from answering the very requests the
 * run triggers.
 */
export const vstrace = (args: string[], env: Record<string, string>): Promise<CliResult> => spawnCollect(VSTRACE, args, env);

/** Any program, asynchronously, its output collected; killed after `timeoutMs`. */
export function spawnCollect(file: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Span files still waiting in every queue of a store's spool. */
export function spooled(home: string): string[] {
  const root = join(home, 'spool');
  let queues: string[] = [];
  try {
    queues = readdirSync(root);
  } catch {
    return [];
  }
  return queues.flatMap((q) => {
    try {
      return readdirSync(join(root, q, 'q'));
    } catch {
      return [];
    }
  });
}

/** Background flushers still running for a store (their argv names the store). */
export function flusherPids(home: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('flusher.js') && cmdline.includes(home)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Kills a store's background flushers (SIGKILL: as a crash would) and waits until none is left. */
export async function killFlushers(home: string): Promise<void> {
  for (const pid of flusherPids(home)) process.kill(pid, 'SIGKILL');
  await waitFor(() => flusherPids(home).length === 0, 'the flushers gone', 60_000);
}
