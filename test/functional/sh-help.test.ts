import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE_SH } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const SLOW = { timeout: 60_000 };
const store = useTempStore();
const sh = (args: string[]) => spawnSync(VSTRACE_SH, args, { env: store.env, encoding: 'utf8' });

describe('vstrace-sh --help and --version', () => {
  it("print vstrace-sh's own help, exit 0 and record nothing", SLOW, () => {
    const r = sh(['--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: vstrace-sh /);
    expect(r.stdout).toContain('Examples:');
    expect(storedSpans(store.home)).toEqual([]);
  });

  it("print vstrace-sh's version, exit 0 and record nothing", SLOW, () => {
    const r = sh(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^vstrace-sh \d+\.\d+\.\d+/);
    expect(storedSpans(store.home)).toEqual([]);
  });

  it('a line is still run and recorded as before', SLOW, () => {
    const r = sh(['-c', 'echo --help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('--help\n');
    expect(storedSpans(store.home)).toHaveLength(1);
  });
});
