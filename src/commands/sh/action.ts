import { isMake, parentProgram } from '../../context/parent-process.ts';
import type { Ending } from '../../trace/outcome.ts';
import { stripMakePrefixes } from '../../sh/make-line.ts';
import { parseShArgs } from '../../sh/sh-args.ts';
import { callerTags, shCaller, shSpanName } from '../../sh/sh-naming.ts';
import type { Env } from '../../trace/carrier.ts';
import { runCommand } from '../run/action.ts';
import { builtinRedactor } from '../../redact/redact.ts';

/**
 * `vstrace-sh [--target=T] [--name=N] [--type=T] [--tag=k=v] [--xtrace] <sh arguments>`:
 * runs /bin/sh with exactly the arguments it would have had, as one traced
 * `vstrace run`. The span is named after the make target or npm script that
 * ran the line, and the line's first words.
 */
export async function shCommand(args: string[], env: Env, cwd: string): Promise<Ending> {
  const { own, shArgs, lineIndex } = parseShArgs(args);
  const given = lineIndex === undefined ? undefined : shArgs[lineIndex]!;
  const parentIsMake = isMake(parentProgram(env));
  const caller = shCaller(own.target, own.target === undefined && parentIsMake, given, env);
  const tag = [...callerTags(caller), ...own.tag];
  const common = { tag, ...(own.type ? { type: own.type } : {}), ...(own.xtrace ? { xtrace: true } : {}), inMake: parentIsMake };
  if (lineIndex === undefined || given === undefined) {
    // a script file or stdin: still a span, named after sh
    return runCommand([own.xtrace ? 'bash' : '/bin/sh', ...shArgs], { ...common, ...(own.name ? { name: own.name } : {}), shell: false }, env, cwd);
  }
  const line = caller.kind === 'make' ? stripMakePrefixes(given) : given;
  const exact = shArgs.map((arg, i) => (i === lineIndex ? line : arg));
  // The name is the line's first words, named after the line is redacted: `echo TOKEN | docker login --password-stdin` names no token.
  return runCommand([line], { ...common, name: own.name ?? shSpanName(caller, builtinRedactor().commandLine(line), own.type), shell: true, shellArgs: { args: exact, lineIndex } }, env, cwd);
}
