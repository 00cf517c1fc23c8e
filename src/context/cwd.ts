import { isAbsolute } from 'node:path';
import type { Env } from '../trace/carrier.ts';

/**
 * The working directory, even when it was deleted under us (`uv_cwd` ENOENT):
 * then the shell's $PWD names where the command runs (it still runs there, as
 * it would bare), or / when there is none. Never throws.
 */
export function workingDir(env: Env, cwd: () => string = process.cwd): string {
  try {
    return cwd();
  } catch {
    const pwd = env.PWD;
    return pwd !== undefined && isAbsolute(pwd) ? pwd : '/';
  }
}
