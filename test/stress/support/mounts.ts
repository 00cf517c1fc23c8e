import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

/**
 * A small tmpfs mounted for one test (disk full, read-only file system). Needs
 * root or CAP_SYS_ADMIN; `reason` says why not when it cannot be had, so the test
 * can skip with that reason instead of passing vacuously.
 */
export function mountTmpfs(dir: string, sizeKb: number): { ok: true; unmount: () => void } | { ok: false; reason: string } {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, reason: `cannot mount a tmpfs (${(r.stderr || r.error?.message || 'mount failed').trim()}): needs root` };
  return {
    ok: true,
    unmount: () => {
      spawnSync('umount', ['-l', dir]);
      // The mount point was ours: the suites leave nothing behind in the temp directory.
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function remount(dir: string, mode: 'ro' | 'rw'): void {
  const r = spawnSync('mount', ['-o', `remount,${mode}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ${mode} ${dir}: ${r.stderr}`);
}

/** Whether this process may mount: probed once, so a whole suite skips with one reason. */
export function canMount(probeDir: string): { ok: boolean; reason: string } {
  const m = mountTmpfs(probeDir, 64);
  if (!m.ok) {
    rmSync(probeDir, { recursive: true, force: true });
    return { ok: false, reason: m.reason };
  }
  m.unmount();
  return { ok: true, reason: '' };
}
