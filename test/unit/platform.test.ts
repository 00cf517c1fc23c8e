import { describe, expect, it } from 'vitest';
import { portable } from '../../src/platform/portable.ts';
import { procfs } from '../../src/platform/procfs.ts';

/** The two sets of platform reads agree on what they can both tell, in the shapes their callers store. */
describe('platform reads', () => {
  it.each([procfs, portable])('$name: a start time is one word (lock files hold "pid start-time"), stable, and differs from another process', (reads) => {
    const mine = reads.processStartTime(process.pid);
    expect(mine).toMatch(/^\S+$/);
    expect(reads.processStartTime(process.pid)).toBe(mine);
    expect(reads.processStartTime(1)).not.toBe(mine);
    expect(reads.processStartTime(2 ** 22 + 7)).toBeUndefined();
  });

  it('the start time on a path run per command (make recipe lines): /proc answers it as processStartTime does; portable does not spend a ps on it', () => {
    expect(procfs.processStartTimeIfCheap(process.pid)).toBe(procfs.processStartTime(process.pid));
    expect(procfs.processStartTimeIfCheap(2 ** 22 + 7)).toBeUndefined();
    expect(portable.processStartTimeIfCheap(process.pid)).toBeUndefined();
  });

  it.each([procfs, portable])('$name: the command line names the program', (reads) => {
    expect(reads.commandLine(process.pid)).toContain('node');
    expect(reads.commandLine(2 ** 22 + 7)).toBeUndefined();
  });

  it('portable: make is the parent when MAKELEVEL says so; CPU of reaped children is unknown, not 0', () => {
    expect(portable.parentProgram({ MAKELEVEL: '1' })).toBe('make');
    expect(portable.parentProgram({})).toBeUndefined();
    expect(portable.childrenCpu()).toBeUndefined();
    expect(procfs.childrenCpu()).toEqual({ user: expect.any(Number), system: expect.any(Number) });
  });
});
