import { defaultSpanName } from '../trace/naming.ts';
import type { Env } from '../trace/carrier.ts';

/** Who ran the line, as far as vstrace-sh can tell. */
export type ShCaller = { kind: 'make'; target?: string } | { kind: 'npm'; script: string; packageName?: string } | { kind: 'other' };

/**
 * make says so with --target=$@ (or is the parent process); npm sets
 * npm_lifecycle_event and runs `<shell> -c '<script> <args>'`, and the script
 * is in npm_lifecycle_script. Both variables are inherited by everything a
 * script starts, so a line counts as npm's only when it is the script itself.
 */
export function shCaller(target: string | undefined, parentIsMake: boolean, line: string | undefined, env: Env): ShCaller {
  if (target !== undefined) return { kind: 'make', target };
  if (parentIsMake) return { kind: 'make' };
  const script = env.npm_lifecycle_event;
  const body = env.npm_lifecycle_script;
  if (script && body !== undefined && line?.startsWith(body)) {
    return { kind: 'npm', script, ...(env.npm_package_name ? { packageName: env.npm_package_name } : {}) };
  }
  return { kind: 'other' };
}

/** The first words of a shell line a person would name it by: leading `VAR=value` assignments skipped. */
export function lineWords(line: string): string[] {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const first = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  return first < 0 ? [] : words.slice(first, first + 2);
}

/** `build: cc -o`, `test: vitest run`; without a target or script, the same name `vstrace run --shell` gives. */
export function shSpanName(caller: ShCaller, line: string, type?: string): string {
  const owner = caller.kind === 'make' ? caller.target : caller.kind === 'npm' ? caller.script : undefined;
  return defaultSpanName(lineWords(line), owner ?? type);
}

/** Attributes that say where the line came from. */
export function callerTags(caller: ShCaller): string[] {
  switch (caller.kind) {
    case 'make':
      return caller.target ? [`vstrace.make.target=${caller.target}`] : [];
    case 'npm':
      return [`vstrace.npm.script=${caller.script}`, ...(caller.packageName ? [`vstrace.npm.package=${caller.packageName}`] : [])];
    case 'other':
      return [];
  }
}
