import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { VSTRACE, vstraceSync } from '../support/cli.ts';
import { cleanEnv, useTempStore } from '../support/env.ts';

/** Sixteen node starts on a loaded two-core machine. */
const SLOW = { timeout: 120_000 };

const help = (path: string[]): string => {
  const r = vstraceSync([...path, '--help'], { env: cleanEnv() });
  expect(r.status, `vstrace ${path.join(' ')} --help: ${r.stderr}`).toBe(0);
  return r.stdout;
};

/** The names under "Commands:" in a help text, as the built binary lists them (help itself excluded). */
const subcommands = (text: string): string[] => {
  const section = (text.split('\nCommands:\n')[1] ?? '').split('\n\n')[0]!;
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
};

/** Every command path, found by walking the built binary's own help: a new command is checked without being listed here. */
function everyCommand(path: string[] = []): Array<{ path: string[]; text: string }> {
  const text = help(path);
  const here = path.length ? [{ path, text }] : [];
  return [...here, ...subcommands(text).flatMap((name) => everyCommand([...path, name]))];
}

describe('every command has a --help a newcomer can read', () => {
  it('walks every command: a description line, human defaults, examples', SLOW, () => {
    const commands = everyCommand();
    expect(commands.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['run', 'ls', 'show', 'stats', 'report', 'event', 'ci start', 'flush']));
    for (const { path, text } of commands) {
      const name = `vstrace ${path.join(' ')}`;
      const [usage, blank, description] = text.split('\n');
      expect(usage, name).toMatch(/^Usage: vstrace /);
      expect(blank, name).toBe('');
      expect(description, `${name}: a description line after Usage`).toMatch(/^[A-Z].{10,}/);
      expect(text, `${name}: a default in microseconds or milliseconds`).not.toMatch(/default: \d{5,}/);
      expect(text, `${name}: a default printed as JSON`).not.toMatch(/default: [{[]/);
      expect(text, `${name}: examples`).toMatch(/\nExamples\b/);
      expect(text, `${name}: internal wording`).not.toMatch(/\bseed\b/i);
    }
  });

  it("says the defaults as a user writes them, and names ValueStream's vscli", SLOW, () => {
    expect(help(['stats'])).toMatch(/--since <age>[\s\S]*\(default: 30d\)/);
    expect(help(['stats'])).toMatch(/--by <group>[\s\S]*\(default: type\)/);
    expect(help(['report'])).toMatch(/\(default: 30d\)/);
    expect(help(['event'])).toContain("ValueStream's");
  });
});

describe('help into a pipe that closes early', () => {
  it.each([['run'], ['stats'], []])('vstrace %s --help | head -1: the first line, and no error', (...command) => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${VSTRACE}" ${command.join(' ')} --help | head -1`], { encoding: 'utf8', env: cleanEnv() });
    expect(r.stdout).toMatch(/^Usage: vstrace/);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('help and output into a stdout that cannot take them at once', () => {
  const store = useTempStore();

  it('help, the version and event help behind a full pipe all arrive, in order, status 0', () => {
    // 64 KiB fill the pipe before vstrace writes, so its write(2) meets a full pipe the reader drains two seconds later.
    const line = `head -c 65536 /dev/zero; "${VSTRACE}" --help; echo "rc=$?" >&2; "${VSTRACE}" -V; echo "rc=$?" >&2; "${VSTRACE}" event --help; echo "rc=$?" >&2`;
    const r = spawnSync('bash', ['-c', `(${line}) | (sleep 2; cat)`], { env: cleanEnv(), maxBuffer: 1 << 22 });
    const alone = (args: string[]) => vstraceSync(args, { env: cleanEnv() }).stdout;
    expect(r.stderr.toString()).toBe('rc=0\nrc=0\nrc=0\n');
    expect(r.stdout.subarray(65536).toString()).toBe(alone(['--help']) + alone(['-V']) + alone(['event', '--help']));
  });

  it.each([[['--help']], [['ls']], [['event', '-type=build', 'start']]])('vstrace %j >/dev/full: one line naming the failure, status 1', (args) => {
    const r = spawnSync(VSTRACE, args, { encoding: 'utf8', env: { ...store.env }, stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
    expect([r.status, r.stderr]).toEqual([1, 'vstrace: could not write to stdout: ENOSPC\n']);
  });
});
