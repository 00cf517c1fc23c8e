import { describe, expect, it } from 'vitest';
import { jobserverFds } from '../../src/process/jobserver.ts';
import { planSpawn } from '../../src/process/plan.ts';
import { stripMakePrefixes } from '../../src/sh/make-line.ts';
import { parseShArgs } from '../../src/sh/sh-args.ts';
import { callerTags, lineWords, shCaller, shSpanName } from '../../src/sh/sh-naming.ts';

describe('vstrace-sh arguments', () => {
  it.each([
    // args, own options, sh args, index of the command string
    [['-c', 'echo hi'], {}, ['-c', 'echo hi'], 1],
    [['-ec', 'echo hi', 'arg0', 'a'], {}, ['-ec', 'echo hi', 'arg0', 'a'], 1],
    [['--target=build', '-c', 'make -C x'], { target: 'build' }, ['-c', 'make -C x'], 1],
    [['-e', '--target', 'out/a.o', '-c', 'cc'], { target: 'out/a.o' }, ['-e', '-c', 'cc'], 2],
    [['-c', '-e', 'false; echo no'], {}, ['-c', '-e', 'false; echo no'], 2],
    [['-eo', 'pipefail', '-c', 'a | b'], {}, ['-eo', 'pipefail', '-c', 'a | b'], 3],
    [['+e', '-o', 'noglob', '-c', 'x'], {}, ['+e', '-o', 'noglob', '-c', 'x'], 4],
    [['-c', '--', '-not-an-option'], {}, ['-c', '--', '-not-an-option'], 2],
    [['--name=deploy', '--type=deploy', '--tag=env=prod', '--tag', 'team=a', '-c', 'x'], { name: 'deploy', type: 'deploy', tag: ['env=prod', 'team=a'] }, ['-c', 'x'], 1],
    [['script.sh', 'a', '--target=x'], {}, ['script.sh', 'a', '--target=x'], undefined],
    [['-e', 'script.sh'], {}, ['-e', 'script.sh'], undefined],
    [['-c'], {}, ['-c'], undefined],
    [[], {}, [], undefined],
  ])('%j', (args, own, shArgs, lineIndex) => {
    const parsed = parseShArgs(args);
    expect(parsed.own).toEqual({ tag: [], ...own });
    expect(parsed.shArgs).toEqual(shArgs);
    expect(parsed.lineIndex).toBe(lineIndex);
  });

  it('refuses an option of its own without a value', () => {
    expect(() => parseShArgs(['-c', 'x', '--target'])).not.toThrow(); // an operand of sh, not ours
    expect(() => parseShArgs(['--target'])).toThrow(/--target needs a value/);
  });
});

describe("make's .ONESHELL prefixes", () => {
  it.each([
    ['echo one', 'echo one'],
    ['@x=1\n-echo "$x"\n+echo two \\\n  -three', 'x=1\necho "$x"\necho two \\\n  -three'],
    ['  @-echo a\n\t@echo b', 'echo a\necho b'],
    ['printf "%s\\n" a\\\nb', 'printf "%s\\n" a\\\nb'],
    // an escaped backslash before the newline: the next line is a new one
    ['echo a\\\\\n@echo b', 'echo a\\\\\necho b'],
    ['', ''],
  ])('%j', (recipe, expected) => {
    expect(stripMakePrefixes(recipe)).toBe(expected);
  });
});

describe('naming the span', () => {
  const npmEnv = { npm_lifecycle_event: 'test', npm_lifecycle_script: 'vitest run', npm_package_name: 'shop' };

  it('knows make by --target or by its parent, and npm only for the script itself', () => {
    expect(shCaller('build', false, 'cc -c a.c', npmEnv)).toEqual({ kind: 'make', target: 'build' });
    expect(shCaller(undefined, true, 'cc', {})).toEqual({ kind: 'make' });
    expect(shCaller(undefined, false, 'vitest run --coverage', npmEnv)).toEqual({ kind: 'npm', script: 'test', packageName: 'shop' });
    // a shell started by the script inherits npm's variables but is not the script
    expect(shCaller(undefined, false, 'ls', npmEnv)).toEqual({ kind: 'other' });
    expect(shCaller(undefined, false, undefined, npmEnv)).toEqual({ kind: 'other' });
  });

  it('names it after the target or script and the first words', () => {
    expect(shSpanName({ kind: 'make', target: 'out/a.o' }, 'cc -c a.c')).toBe('out/a.o: cc');
    expect(shSpanName({ kind: 'make', target: 'lib' }, 'make -C lib')).toBe('lib: make');
    expect(shSpanName({ kind: 'npm', script: 'test' }, 'vitest run')).toBe('test: vitest run');
    expect(shSpanName({ kind: 'make' }, 'docker build .')).toBe('docker build');
    expect(shSpanName({ kind: 'other' }, 'docker push x', 'push')).toBe('push: docker push');
    expect(shSpanName({ kind: 'make', target: '' }, 'git describe')).toBe('git describe');
  });

  it('skips leading assignments', () => {
    expect(lineWords('CC=gcc CFLAGS=-O2 make all')).toEqual(['make', 'all']);
    expect(lineWords('  ')).toEqual([]);
    expect(lineWords('X=1')).toEqual([]);
  });

  it('tags where the line came from', () => {
    expect(callerTags({ kind: 'make', target: 'build' })).toEqual(['vstrace.make.target=build']);
    expect(callerTags({ kind: 'make', target: '' })).toEqual([]);
    expect(callerTags({ kind: 'npm', script: 'test', packageName: 'shop' })).toEqual(['vstrace.npm.script=test', 'vstrace.npm.package=shop']);
    expect(callerTags({ kind: 'other' })).toEqual([]);
  });
});

describe("make's jobserver", () => {
  it.each([
    [undefined, []],
    ['', []],
    [' -j8 --jobserver-auth=3,4', [3, 4]],
    ['-j --jobserver-fds=5,6 -- X=1', [5, 6]],
    ['--jobserver-auth=3,4 --jobserver-auth=7,8', [7, 8]],
    ['-j8 --jobserver-auth=fifo:/tmp/GMfifo1', []],
  ])('MAKEFLAGS=%j', (flags, fds) => {
    expect(jobserverFds(flags === undefined ? {} : { MAKEFLAGS: flags })).toEqual(fds);
  });

  it('goes into the spawn plan, and vstrace-sh arguments go to /bin/sh verbatim', () => {
    const plan = planSpawn({ command: ['x'], shell: true, env: { MAKEFLAGS: '--jobserver-auth=3,4' }, shellArgs: { args: ['-ec', 'x', 'a0'], lineIndex: 1 } });
    expect(plan).toMatchObject({ file: '/bin/sh', args: ['-ec', 'x', 'a0'], display: ['/bin/sh', '-ec', 'x', 'a0'], lineAt: 2, inheritFds: [3, 4] });
    expect(planSpawn({ command: ['true'], shell: false, env: {} }).inheritFds).toBeUndefined();
  });
});
