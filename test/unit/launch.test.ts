import { describe, expect, it } from 'vitest';
import { workingDir } from '../../src/context/cwd.ts';
import { commandEnv, execShim, launchOf, parseFds, parseSigIgn, signalNames } from '../../src/process/launch.ts';
import { planSpawn } from '../../src/process/plan.ts';

describe("the launcher's facts", () => {
  it.each([
    ['', []],
    ['3,', [3]],
    ['10,251,3,9,', [3, 9, 10, 251]],
    ['0,1,2,5,5,', [5]],
    ['x,-1,4,99999999,', [4]],
  ])('descriptors %j → %j', (list, fds) => {
    expect(parseFds(list)).toEqual(fds);
  });

  it.each([
    ['', []],
    ['0', []],
    ['1', [1]], // nohup: SIGHUP
    ['16386', [2, 15]], // trap '' INT TERM
    ['6', [2, 3]], // a script's background job: INT and QUIT
    ['18446744073709551615', [...Array.from({ length: 64 }, (_, i) => i + 1)].filter((n) => n !== 9 && n !== 19)],
    ['0x1', []],
    ['1e3', []],
  ])('sigignore %j → %j', (mask, signals) => {
    expect(parseSigIgn(mask)).toEqual(signals);
  });

  it('knows nothing of descriptors without the launcher (node bin/vstrace)', () => {
    expect(launchOf({})).toEqual({ ignored: [] });
    expect(launchOf({ VSTRACE_LAUNCH_FDS: '', VSTRACE_LAUNCH_SIGIGN: '' })).toEqual({ fds: [], ignored: [] });
  });

  it("gives the command the user's NODE_OPTIONS back and none of the launcher's variables", () => {
    const env = { PATH: '/bin', VSTRACE_LAUNCH_FDS: '3,', VSTRACE_LAUNCH_SIGIGN: '1', VSTRACE_LAUNCH_NODE_OPTIONS: '--require ./x.js' };
    expect(commandEnv(env)).toEqual({ PATH: '/bin', NODE_OPTIONS: '--require ./x.js' });
    expect(commandEnv({ PATH: '/bin', VSTRACE_LAUNCH_FDS: '' })).toEqual({ PATH: '/bin' });
    expect(commandEnv({ PATH: '/bin', VSTRACE_LAUNCH_NODE_OPTIONS: '' })).toEqual({ PATH: '/bin', NODE_OPTIONS: '' });
    const untouched = { PATH: '/bin' };
    expect(commandEnv(untouched)).toBe(untouched);
  });

  it('re-ignores through a shim that execs the command with its arguments as they are', () => {
    const none = new Map<string, Buffer>();
    expect(execShim({ ignored: [1, 2], env: none }, 'make', ['-j', 'a b'])).toEqual({ file: '/bin/sh', args: ['-c', `trap '' 1 2; exec "$@"`, 'vstrace', 'make', '-j', 'a b'] });
    expect(execShim({ ignored: [], env: none }, 'make', ['-j'])).toBeUndefined();
    expect(signalNames([1, 2, 15, 40])).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM']);
  });
});

describe('the spawn plan with what the launcher saw', () => {
  it('nothing inherited: the command itself, no shim, no descriptors', () => {
    const plan = planSpawn({ command: ['true'], shell: false, env: { VSTRACE_LAUNCH_FDS: '', VSTRACE_LAUNCH_SIGIGN: '0' } });
    expect(plan).toEqual({ file: 'true', args: [], env: {}, display: ['true'] });
  });

  it('descriptors seen by the launcher win over MAKEFLAGS; ignored signals go through the shim, the display stays the command', () => {
    const env = { MAKEFLAGS: '--jobserver-auth=3,4', VSTRACE_LAUNCH_FDS: '3,4,7,', VSTRACE_LAUNCH_SIGIGN: '1' };
    const plan = planSpawn({ command: ['make', 'all'], shell: false, env });
    expect(plan).toMatchObject({ file: '/bin/sh', args: ['-c', `trap '' 1; exec "$@"`, 'vstrace', 'make', 'all'], display: ['make', 'all'], inheritFds: [3, 4, 7], fdsSeen: true, ignored: [1] });
    expect(plan.env).toEqual({ MAKEFLAGS: '--jobserver-auth=3,4' });
    const line = planSpawn({ command: ['echo hi'], shell: true, env: { VSTRACE_LAUNCH_SIGIGN: '1' } });
    expect(line).toMatchObject({ file: '/bin/sh', args: ['-c', `trap '' 1; exec "$@"`, 'vstrace', '/bin/sh', '-c', 'echo hi'], display: ['/bin/sh', '-c', 'echo hi'], lineAt: 2 });
  });
});

describe('the working directory', () => {
  const gone = () => {
    throw Object.assign(new Error('ENOENT: no such file or directory, uv_cwd'), { code: 'ENOENT' });
  };
  it("is the shell's $PWD once deleted, else /", () => {
    expect(workingDir({}, () => '/here')).toBe('/here');
    expect(workingDir({ PWD: '/was/here' }, gone)).toBe('/was/here');
    expect(workingDir({ PWD: 'relative' }, gone)).toBe('/');
    expect(workingDir({}, gone)).toBe('/');
  });
});
