import { plural } from '../plural.ts';
import { accessSync, constants, readdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { homeOf, tildify } from '../config/values.ts';
import { describe } from '../errors.ts';
import { listSegments } from '../store/reader.ts';
import { FILE_MODE } from '../fs/modes.ts';
import type { Check, DoctorContext } from './check.ts';

const MB = 1024 * 1024;

/** The store is writable (tried for real, with a file that is removed again) and within its size cap. */
export function storeChecks({ settings, env }: DoctorContext): Check[] {
  const { home: dir, maxSizeMb, maxAgeDays } = settings.store;
  const shown = tildify(dir, homeOf(env));
  const fix = `make it writable (chmod u+rwx ${shown}) or point store.home / VSTRACE_HOME at a writable directory`;
  const exists = statOf(dir);
  if (!exists) {
    const parent = nearestExisting(dirname(dir));
    try {
      if (!statSync(parent).isDirectory()) throw new Error(`${parent} is a file`);
      accessSync(parent, constants.W_OK | constants.X_OK);
      return [{ name: 'store', ok: true, detail: `${shown} does not exist yet; the first run creates it` }];
    } catch (error) {
      return [{ name: 'store', ok: false, detail: `${shown} cannot be created: ${tildify(parent, homeOf(env))} is not writable (${describe(error)})`, fix }];
    }
  }
  if (!exists.isDirectory()) return [{ name: 'store', ok: false, detail: `${shown} is not a directory`, fix: 'point store.home / VSTRACE_HOME at a directory' }];
  const probe = join(dir, `.doctor-${process.pid}`);
  try {
    writeFileSync(probe, '', { mode: FILE_MODE });
    rmSync(probe, { force: true });
  } catch (error) {
    return [{ name: 'store', ok: false, detail: `${shown} is not writable (${describe(error)})`, fix }];
  }
  const segments = listSegments(dir);
  const bytes = directorySize(dir);
  const size = `${(bytes / MB).toFixed(1)} MB in ${plural(segments.length, 'day file')}`;
  const caps = `caps ${maxSizeMb > 0 ? `${maxSizeMb} MB` : 'none on size'}, ${maxAgeDays > 0 ? `${maxAgeDays} days` : 'none on age'}`;
  // 0 is no cap, as for pruning.
  return maxSizeMb > 0 && bytes > maxSizeMb * MB
    ? [{ name: 'store', ok: false, detail: `${shown}: ${size}, over its cap (${caps})`, fix: 'prune old spans (vstrace prune) or raise store.maxSizeMb' }]
    : [{ name: 'store', ok: true, detail: `${shown} is writable; ${size} (${caps})` }];
}

/** A path's stat, or undefined when there is nothing there (also when a parent is a file: ENOTDIR). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function nearestExisting(path: string): string {
  for (let dir = path; ; dir = dirname(dir)) {
    if (statOf(dir) || dirname(dir) === dir) return dir;
  }
}

/** Bytes under a directory, two levels deep (the store's layout: day files, spool, state). */
function directorySize(dir: string, depth = 2): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile()) total += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    else if (entry.isDirectory() && depth > 0) total += directorySize(path, depth - 1);
  }
  return total;
}
