/**
 * Just enough of POSIX shell word splitting for redaction: a `--shell` line
 * becomes its commands, each a list of words with their unquoted values and
 * where they stand in the line, so a secret found in a word can be replaced
 * in place. Quotes ('…', "…", \x) are honoured; operators (| ; & && || ( ) and
 * newlines) end a command. Expansions ($VAR, $(…)) stay part of their word.
 * Returns undefined for a line a shell would reject (an unterminated quote).
 */
export interface ShellWord {
  value: string;
  start: number;
  end: number;
}

const OPERATOR = /[|;&()\n]/;
const BLANK = /[ \t]/;

export function shellCommands(line: string): ShellWord[][] | undefined {
  const commands: ShellWord[][] = [[]];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (BLANK.test(c)) {
      i += 1;
    } else if (OPERATOR.test(c)) {
      if (commands.at(-1)!.length > 0) commands.push([]);
      i += 1;
    } else {
      const word = readWord(line, i);
      if (!word) return undefined;
      commands.at(-1)!.push(word);
      i = word.end;
    }
  }
  return commands.filter((words) => words.length > 0);
}

function readWord(line: string, start: number): ShellWord | undefined {
  let value = '';
  let i = start;
  while (i < line.length && !BLANK.test(line[i]!) && !OPERATOR.test(line[i]!)) {
    const c = line[i]!;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close === -1) return undefined;
      value += line.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j += 1;
        value += line[j];
        j += 1;
      }
      if (j >= line.length) return undefined;
      i = j + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      value += line[i + 1];
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  return { value, start, end: i };
}

/** A value as a shell word again: bare when it is safe to, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./[\]-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
