import { describe, expect, it } from 'vitest';
import { describeEnding, exitStatusOf, failed } from '../../src/trace/outcome.ts';
import { planSpawn } from '../../src/process/plan.ts';
import { shouldRelay, signalNumber } from '../../src/process/signals.ts';

describe('exit status rule', () => {
  it('passes every exit code through unchanged', () => {
    for (let code = 0; code <= 255; code++) expect(exitStatusOf({ kind: 'exited', exitCode: code }, signalNumber)).toBe(code);
  });

  it('maps signals to 128+N, not found to 127, not executable to 126', () => {
    expect(exitStatusOf({ kind: 'signaled', signal: 'SIGINT' }, signalNumber)).toBe(130);
    expect(exitStatusOf({ kind: 'signaled', signal: 'SIGKILL' }, signalNumber)).toBe(137);
    expect(exitStatusOf({ kind: 'signaled', signal: 'SIGTERM' }, signalNumber)).toBe(143);
    expect(exitStatusOf({ kind: 'not-found', message: 'x' }, signalNumber)).toBe(127);
    expect(exitStatusOf({ kind: 'not-executable', message: 'x' }, signalNumber)).toBe(126);
  });

  it('counts only a clean zero as success and says what failed', () => {
    expect(failed({ kind: 'exited', exitCode: 0 })).toBe(false);
    expect(failed({ kind: 'exited', exitCode: 1 })).toBe(true);
    expect(failed({ kind: 'signaled', signal: 'SIGTERM' })).toBe(true);
    expect(describeEnding({ kind: 'exited', exitCode: 2 })).toBe('exit code 2');
    expect(describeEnding({ kind: 'signaled', signal: 'SIGTERM' })).toBe('killed by SIGTERM');
  });
});

describe('spawn plan', () => {
  it('execs argv directly, never through a shell', () => {
    expect(planSpawn({ command: ['docker', 'build', '-t', 'a b', '.'], shell: false, env: { A: '1' } })).toEqual({
      file: 'docker',
      args: ['build', '-t', 'a b', '.'],
      env: { A: '1' },
      display: ['docker', 'build', '-t', 'a b', '.'],
    });
  });

  it('runs one string through /bin/sh -c only with --shell', () => {
    expect(planSpawn({ command: ['ls | wc -l'], shell: true, env: {} })).toEqual({ file: '/bin/sh', args: ['-c', 'ls | wc -l'], env: {}, display: ['/bin/sh', '-c', 'ls | wc -l'], lineAt: 2 });
    expect(planSpawn({ command: ['echo', 'a', '|', 'cat'], shell: true, env: {} }).args).toEqual(['-c', 'echo a | cat']);
  });
});

describe('signal relay', () => {
  it('does not relay terminal-generated signals a second time to a foreground group', () => {
    expect(shouldRelay('SIGINT', () => true)).toBe(false);
    expect(shouldRelay('SIGQUIT', () => true)).toBe(false);
    expect(shouldRelay('SIGWINCH', () => true)).toBe(false);
    expect(shouldRelay('SIGTERM', () => true)).toBe(true);
    expect(shouldRelay('SIGHUP', () => true)).toBe(true);
    expect(shouldRelay('SIGINT', () => false)).toBe(true);
  });
});
