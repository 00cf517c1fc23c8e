import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/run-options.ts';

describe('parseRunArgs (the fast path of vstrace run)', () => {
  it('reads the common forms: --opt value, --opt=value, repeated tags, short flags, --', () => {
    expect(parseRunArgs(['--type=build', '--tag', 'a=1', '--tag=b|2', '-q', '--shell', '--name', 'n', '--', 'echo', '--type=x'])).toEqual({
      options: { tag: ['a=1', 'b|2'], shell: true, quiet: true, type: 'build', name: 'n' },
      command: ['echo', '--type=x'],
    });
  });

  it('takes --config like any valued option', () => {
    expect(parseRunArgs(['--config', 'ci.yaml', '--config=none', '--', 'true'])).toEqual({ options: { tag: [], shell: false, config: 'none' }, command: ['true'] });
  });

  it('stops at the first word that is not an option, as passThroughOptions does', () => {
    expect(parseRunArgs(['--verbose', 'make', '-j8', '--name', 'x'])).toEqual({
      options: { tag: [], shell: false, verbose: true },
      command: ['make', '-j8', '--name', 'x'],
    });
  });

  it.each([
    [['--help']],
    [['-h', '--', 'true']],
    [['--bogus', '--', 'true']],
    [['--name']],
    [['--name', 'x']],
    [['--']],
    [[]],
    [['-qv', '--', 'true']],
    [['-q', '-v', '--', 'true']],
    [['--shell=yes', '--', 'true']],
  ])('leaves %j to commander, which explains it', (args) => {
    expect(parseRunArgs(args)).toBeUndefined();
  });
});
