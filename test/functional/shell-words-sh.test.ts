import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellCommands } from '../../src/redact/shell-words.ts';

/**
 * The redactor finds a secret by a word's value: what sh passes the program.
 * Words made of plain runs, '…', "…" (with and without backslashes) and
 * unquoted escapes are split here and by dash and bash, and must agree.
 * No expansions: `$`, backquotes, globs and `~` stay out, or escaped.
 */
const plain = fc.stringMatching(/^[A-Za-z0-9=:,.@%+/_-]{1,6}$/);
const single = fc.stringMatching(/^[^'\0\n]{0,6}$/).map((s) => `'${s}'`);
const doubleChar = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 ':=,{}|;&()<>]$/), fc.constantFrom('\\"', '\\\\', '\\$', '\\`', '\\a', '\\ '));
const double = fc.array(doubleChar, { maxLength: 6 }).map((cs) => `"${cs.join('')}"`);
const escaped = fc.constantFrom('\\ ', "\\'", '\\"', '\\\\', '\\a', '\\|', '\\;');
const word = fc.array(fc.oneof(plain, single, double, escaped), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

/** What `shell` passes printf for these words, one NUL-terminated value each. */
function shellValues(shell: string, words: readonly string[]): string[] {
  const out = spawnSync(shell, ['-c', `printf '%s\\0' ${words.join(' ')}`], { encoding: 'utf8' });
  expect(out.stderr).toBe('');
  return out.stdout.split('\0').slice(0, -1);
}

describe('shell words: the values sh gives', () => {
  const samples = fc.sample(fc.array(word, { minLength: 50, maxLength: 50 }), { numRuns: 20, seed: 20261203 });
  it.each(['dash', 'bash'])('%s: 1,000 generated words, each with the value the shell passes', (shell) => {
    for (const words of samples) {
      const ours = shellCommands(`printf '%s\\0' ${words.join(' ')}`)?.[0]
        ?.words.slice(2)
        .map((w) => w.value);
      expect(ours).toEqual(shellValues(shell, words));
    }
  });
});
