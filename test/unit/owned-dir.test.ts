import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownedDir, ownedSubdir } from '../../src/fs/owned-dir.ts';
import { tempDir } from '../support/env.ts';

let dir = '';
let cleanup = () => {};
beforeEach(() => ({ path: dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const me = process.getuid!();

describe('a directory vstrace may write into', () => {
  it('missing, or private and mine: fine, nothing to say', () => {
    expect(ownedDir(join(dir, 'missing'), me)).toBeUndefined();
    chmodSync(dir, 0o700);
    expect(ownedDir(dir, me)).toBeUndefined();
  });

  it('mine but writable by others: made private, and said so', () => {
    chmodSync(dir, 0o777);
    expect(ownedDir(dir, me)).toBe(`${dir} was writable by others: made it private (mode 700)`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("another user's: refused, with what to do", () => {
    expect(() => ownedDir(dir, me + 1)).toThrow(`${dir} belongs to another user (uid ${me}): not writing to it (set VSTRACE_HOME to a directory of your own)`);
  });

  it('a file where the directory should be: refused', () => {
    writeFileSync(join(dir, 'f'), '');
    expect(() => ownedDir(join(dir, 'f'), me)).toThrow(/is not a directory/);
  });

  it('inside the store, a symlink standing in for a folder is refused; the store itself may be one the user made', () => {
    mkdirSync(join(dir, 'real'), { mode: 0o700 });
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(ownedDir(join(dir, 'link'), me)).toBeUndefined();
    expect(() => ownedSubdir(join(dir, 'link'), me)).toThrow(/is a symbolic link/);
    expect(ownedSubdir(join(dir, 'real'), me)).toBeUndefined();
  });
});
