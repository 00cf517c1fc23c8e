import { basename } from 'node:path';

/** A word that reads as a subcommand (`build`, `run:dev`), not a flag, path or value. */
const SUBCOMMAND = /^[a-z][a-z0-9_:.-]*$/i;

export const DEFAULT_NAME_TEMPLATE = '{type}: {command}';

/**
 * A readable default name: the type, then the program and its subcommand,
 * e.g. `build: docker build`, laid out by the `nameTemplate` setting; without
 * a type, "{type}" and what separates it from the rest are dropped. Takes the
 * already-redacted argv, so nothing secret can leak into a name.
 */
export function defaultSpanName(argv: readonly string[], type?: string, template = DEFAULT_NAME_TEMPLATE): string {
  const [program, first] = argv;
  const words = program === undefined ? [] : [basename(program)];
  if (first !== undefined && SUBCOMMAND.test(first) && !first.includes('/')) words.push(first);
  const command = words.join(' ') || 'command';
  const layout = type ? template : withoutType(template);
  return (
    layout
      .replaceAll('{type}', type ?? '')
      .replaceAll('{command}', command)
      .trim() || command
  );
}

/** `{type}: {command}`, `{command} ({type})`, `[{type}] {command}` → `{command}`: the type and what sets it apart. */
function withoutType(template: string): string {
  return template
    .replace(/[([]\{type\}[)\]]|\{type\}[\s:|/-]*/g, '')
    .replace(/[\s:|/-]+$/, '')
    .replace(/\s{2,}/g, ' ');
}

/** For `--shell 'a | b'`: the first words of the line, the way a person would name it. */
export function shellLineArgv(line: string): string[] {
  return line
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, 2);
}
