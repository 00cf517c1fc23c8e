import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Env } from '../trace/carrier.ts';
import { expandHome, homeOf } from './paths.ts';

/** Names of a project's config file, looked for in each directory from the working directory up. */
export const PROJECT_FILES = ['.vstracerc', '.vstracerc.json', '.vstracerc.yaml', '.vstracerc.yml', 'vstrace.config.js', 'vstrace.config.cjs', 'vstrace.config.mjs'] as const;
/** Names of the user's file in `$XDG_CONFIG_HOME/vstrace/`, else `~/.config/vstrace/`. */
export const USER_FILES = ['config', 'config.json', 'config.yaml', 'config.yml', 'config.js', 'config.cjs', 'config.mjs'] as const;

export type FileRole = 'project' | 'user' | 'explicit';

export interface ConfigFileRef {
  path: string;
  role: FileRole;
  /** package.json: the settings are its "vstrace" key. */
  packageKey?: boolean;
}

export interface FileChoice {
  /** Lowest precedence first: the user file, then the project (or explicit) file. */
  files: ConfigFileRef[];
  problems: string[];
}

/** A directory we may not read (another user's HOME, say) holds no config for us: never an error. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * Which config files apply: `--config <path>` (else `$VSTRACE_CONFIG`) names
 * the one file and replaces the search; `none` turns files off. Otherwise the
 * nearest project file from `cwd` up, and the user file. A few stat calls per
 * directory and nothing is read unless found: this runs before every command.
 */
export function chooseConfigFiles(explicit: string | undefined, env: Env, cwd: string): FileChoice {
  const named = explicit ?? (env.VSTRACE_CONFIG?.trim() || undefined);
  if (named === 'none') return { files: [], problems: [] };
  if (named !== undefined) {
    const path = resolve(cwd, expandHome(named, homeOf(env)));
    const from = explicit !== undefined ? '--config' : 'VSTRACE_CONFIG';
    return isFile(path)
      ? { files: [{ path, role: 'explicit', ...(path.endsWith('package.json') ? { packageKey: true } : {}) }], problems: [] }
      : { files: [], problems: [`${from} ${named}: no such file (give a config file, or none for no files)`] };
  }
  const user = findUserFiles(env)[0];
  const project = findProjectFiles(cwd)[0];
  return { files: [user, project].filter((f): f is ConfigFileRef => f !== undefined), problems: [] };
}

/** Project files from `cwd` up, nearest first; the first is the one used, the rest are shadowed. `all` keeps looking. */
export function findProjectFiles(cwd: string, all = false): ConfigFileRef[] {
  const found: ConfigFileRef[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of PROJECT_FILES) {
      const path = join(dir, name);
      if (isFile(path)) found.push({ path, role: 'project' });
    }
    const pkg = join(dir, 'package.json');
    if (hasVstraceKey(pkg)) found.push({ path: pkg, role: 'project', packageKey: true });
    if ((found.length > 0 && !all) || dirname(dir) === dir) return found;
  }
}

export function findUserFiles(env: Env): ConfigFileRef[] {
  const dir = join(env.XDG_CONFIG_HOME?.trim() || join(homeOf(env), '.config'), 'vstrace');
  return USER_FILES.map((name) => join(dir, name))
    .filter(isFile)
    .map((path) => ({ path, role: 'user' as const }));
}

/**
 * package.json counts only when it has a top-level "vstrace" key (a
 * dependency named vstrace does not count): a cheap text check, then a parse.
 * Broken JSON that mentions "vstrace" counts too: ignoring it would silently
 * drop the settings it was meant to hold, while loading it reports where it breaks.
 */
function hasVstraceKey(path: string): boolean {
  if (!isFile(path)) return false;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  if (!/"vstrace"\s*:/.test(text)) return false;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return true;
  }
  return typeof data === 'object' && data !== null && Object.hasOwn(data, 'vstrace');
}
