import { VstraceError } from '../errors.ts';

/**
 * vstrace-sh's arguments: a few options of its own (long, `--name=value`,
 * so make can pass them through .SHELLFLAGS), everything else exactly as
 * /bin/sh takes it. The sh arguments are passed on verbatim; the parse only
 * finds the `-c` command string, for the span's name and for make's
 * .ONESHELL prefixes.
 */
export interface ShOwnOptions {
  target?: string;
  name?: string;
  type?: string;
  tag: string[];
  /** --xtrace: the line runs under bash, each of its commands a span (run -x). */
  xtrace?: boolean;
}

export interface ShArgs {
  own: ShOwnOptions;
  /** /bin/sh's arguments, in order, ours removed. */
  shArgs: string[];
  /** Index in shArgs of the command string, when -c was given and a string follows. */
  lineIndex?: number;
}

const OWN = ['target', 'name', 'type', 'tag'] as const;
type OwnKey = (typeof OWN)[number];

/** `--target=x` or `--target x` → [key, value, words used]; undefined for anything that is not ours. */
function ownOption(args: readonly string[], i: number): [OwnKey, string | undefined, number] | undefined {
  const arg = args[i]!;
  if (!arg.startsWith('--')) return undefined;
  const eq = arg.indexOf('=');
  const key = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) as OwnKey;
  if (!OWN.includes(key)) return undefined;
  return eq > 0 ? [key, arg.slice(eq + 1), 1] : [key, args[i + 1], 2];
}

/**
 * Options end at the first operand, at `--` or at a lone `-` (as in dash).
 * `-o name` / `+o name` take the next word, also at the end of a cluster (`-eo pipefail`).
 * With -c anywhere among the options, the first operand is the command string.
 */
export function parseShArgs(args: readonly string[]): ShArgs {
  const own: ShOwnOptions = { tag: [] };
  const shArgs: string[] = [];
  let command = false;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--xtrace') {
      own.xtrace = true;
      continue;
    }
    const mine = ownOption(args, i);
    if (mine) {
      const [key, value, used] = mine;
      if (value === undefined) throw new VstraceError('USAGE', `--${key} needs a value: write it as --${key}=value`);
      if (key === 'tag') own.tag.push(value);
      else own[key] = value;
      i += used - 1;
      continue;
    }
    if (arg === '--' || arg === '-') {
      shArgs.push(arg);
      i++;
      break;
    }
    if (!/^[-+]./.test(arg)) break;
    shArgs.push(arg);
    const flags = arg.slice(1);
    if (arg.startsWith('-') && flags.includes('c')) command = true;
    if (flags.endsWith('o') && i + 1 < args.length) shArgs.push(args[++i]!);
  }
  const lineIndex = command && i < args.length ? shArgs.length : undefined;
  shArgs.push(...args.slice(i));
  return lineIndex === undefined ? { own, shArgs } : { own, shArgs, lineIndex };
}
