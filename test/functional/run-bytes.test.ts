import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

/**
 * Bytes that are not UTF-8 reach the command exactly, as bare. The test
 * harness cannot pass such bytes itself (Node's spawn takes text), so bash
 * builds them with $'\xe9' and runs the same line bare and under vstrace.
 */
const SLOW = { timeout: 60_000 };
const store = useTempStore();
const portable = process.env.VSTRACE_PLATFORM === 'portable';

function bash(line: string, extra: Record<string, string> = {}) {
  const r = spawnSync('bash', ['-c', line], { env: { ...store.env, ...extra, V: VSTRACE }, cwd: store.dir, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** The same line bare and wrapped (`$W` is empty, then `"$V" run --`). */
function both(line: string, wrap = '"$V" run --') {
  return [bash(line.replaceAll('$W', '')), bash(line.replaceAll('$W', wrap))] as const;
}

describe.skipIf(portable)('arguments and variables that are not UTF-8 (Linux: the bytes exec gave)', () => {
  it('a Latin-1 file name as an argument: the command opens it, as bare', SLOW, () => {
    writeFileSync(join(store.dir, 'caf\u00e9.txt'), 'utf8 name\n');
    spawnSync('bash', ['-c', `printf 'latin-1 name\\n' > $'caf\\xe9.txt'`], { cwd: store.dir });
    const [bare, wrapped] = both(`$W cat $'caf\\xe9.txt'`);
    expect(bare.stdout.toString()).toBe('latin-1 name\n');
    expect(wrapped).toEqual(bare);
  });

  it('every byte 0x80–0xff in arguments, a --shell line and a variable (trailing newlines kept) arrives exactly', SLOW, () => {
    const bytes = Array.from({ length: 128 }, (_, i) => `\\x${(0x80 + i).toString(16)}`).join('');
    const [bare, wrapped] = both(`X=$'${bytes}\\n\\n' $W printf '%s|' $'${bytes}' $'a\\xff\\\\b' "$X"`);
    expect(bare.status).toBe(0);
    expect(wrapped).toEqual(bare);
    const [bareShell, wrappedShell] = [bash(`printf '%s' $'\\xe9t\\xe9'`), bash(`"$V" run --shell -- $'printf %s \\xe9t\\xe9'`)];
    expect(wrappedShell.stdout).toEqual(bareShell.stdout);
    expect([...wrappedShell.stdout]).toEqual([0xe9, 0x74, 0xe9]);
  });

  it('the span stores a lossless, readable form: the bytes as \\xHH, a backslash doubled', SLOW, () => {
    expect(bash(`"$V" run -- true $'caf\\xe9' $'\\xff\\\\x'`).status).toBe(0);
    const [span] = storedSpans(store.home);
    expect(span!.attributes['process.command_args']).toEqual(['true', 'caf\\xE9', '\\xFF\\\\x']);
  });

  it('with nohup too: the shim keeps SIGHUP ignored and the bytes exact', SLOW, () => {
    const [bare, wrapped] = both(`nohup $W sh -c 'grep SigIgn /proc/self/status; printf %s "$1"' sh $'\\xe9' 2>/dev/null`);
    const out = bare.stdout;
    // SIGHUP is signal 1: the lowest bit of the mask.
    expect(out.subarray(0, -1).toString()).toMatch(/^SigIgn:\s+[0-9a-f]*[13579bdf]\n$/);
    expect(out.at(-1)).toBe(0xe9);
    expect(wrapped.stdout).toEqual(bare.stdout);
  });

  it('valid UTF-8, a real U+FFFD among it, passes as it always did, through no shim', SLOW, () => {
    const [bare, wrapped] = both(`$W printf '%s' 'caf\u00e9 \ufffd'`);
    expect(wrapped).toEqual(bare);
    expect(wrapped.stdout.toString('utf8')).toBe('caf\u00e9 \ufffd');
  });
});

describe.runIf(portable)('arguments that are not UTF-8 where the system keeps no raw bytes (macOS)', () => {
  it('warns once, naming the fix, and still runs the command', SLOW, () => {
    const r = bash(`"$V" run -- printf '%s' $'caf\\xe9'`);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'vstrace: warning: an argument or variable is not valid UTF-8: it reaches the command with U+FFFD in place of those bytes (this system does not keep the bytes exec gave; name the file in UTF-8)\n',
    );
    expect(r.stdout.toString('utf8')).toBe('caf\ufffd');
  });
});
