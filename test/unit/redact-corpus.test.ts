import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redact.ts';
import { LOOK_ALIKES, SECRET_CASES, type SecretCase } from '../stress/support/secrets-corpus.ts';
import { leakForms } from '../stress/support/leak-forms.ts';

/**
 * The whole secret corpus in process, through every way a command reaches the
 * redactor: the argv as typed, the same words as one shell line (`--shell`,
 * vstrace-sh, make's SHELL), and the line held in a tag. The process-level
 * surfaces (store, export, show, …) are test/stress/secrets.test.ts.
 */
const r = new Redactor();
const sh = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
const shellLine = (argv: readonly string[]) => (argv[0] === 'sh' && argv[1] === '-c' ? argv[2]! : argv.map(sh).join(' '));

const ways = (c: { argv: string[]; shellOnly?: true }): [string, string][] => [
  ...(c.shellOnly ? [] : [['argv', r.argv(c.argv).join('\u0000')] as [string, string]]),
  ['shell line', r.commandLine(shellLine(c.argv))],
  ['sh -c argv', r.argv(['sh', '-c', shellLine(c.argv)]).join('\u0000')],
  ['tag holding the line', r.tags({ cmd: shellLine(c.argv) }).cmd!],
];

describe('the secret corpus, in process', () => {
  it('has at least 150 secret forms and 60 look-alikes', () => {
    expect(SECRET_CASES.length).toBeGreaterThanOrEqual(150);
    expect(LOOK_ALIKES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(SECRET_CASES.map((c) => [`${c.kind}: ${c.form}`, c] as [string, SecretCase]))('%s: hidden every way', (_, c) => {
    const leaks = ways(c)
      .filter(([, out]) => leakForms(c.secret).some((f) => out.includes(f)))
      .map(([how, out]) => `${how}: ${out}`);
    expect(leaks).toEqual([]);
  });

  it.each(LOOK_ALIKES.map((c) => [c.form, c] as [string, (typeof LOOK_ALIKES)[number]]))('look-alike %s: kept every way', (_, c) => {
    const lost = ways(c)
      .filter(([, out]) => !out.includes(c.keep))
      .map(([how, out]) => `${how}: ${out}`);
    expect(lost).toEqual([]);
  });
});
