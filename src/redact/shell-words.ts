/**
 * Just enough of POSIX shell word splitting for redaction: a line becomes its
 * commands, each a list of words with their unquoted values and where they
 * stand in the line, so a secret found in a word can be replaced in place.
 * Quotes ('…', "…", \x) are honoured, `\`-newline joins lines, operators
 * (| ; & && || ( ) and newlines) end a command, and a here-document's body or
 * a here-string is kept with the command that reads it. Expansions ($VAR,
 * $(…)) stay part of their word. One pass over the line.
 * Returns undefined for a line a shell would reject (an unterminated quote).
 */
export interface ShellWord {
  value: string;
  start: number;
  end: number;
}

export interface ShellCommand {
  words: ShellWord[];
  /** Its stdin is the previous command's stdout (`a | b`). */
  piped: boolean;
  /** What it reads on stdin from the line itself: here-string words and here-document bodies (raw text). */
  input: ShellWord[];
}

const OPERATORS = '|;&()\n';
/** What ends a run of plain characters in a word: a blank, an operator, a quote, a backslash, `<`. */
const SPECIAL = /[ \t|;&()\n'"\\<]/g;
const BLANKS = ' \t';

export function shellCommands(line: string): ShellCommand[] | undefined {
  const commands: ShellCommand[] = [{ words: [], piped: false, input: [] }];
  const heredocs: { delimiter: string; strip: boolean; command: ShellCommand }[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    const current = commands.at(-1)!;
    if (BLANKS.includes(c) || (c === '\\' && line[i + 1] === '\n')) {
      i += c === '\\' ? 2 : 1;
    } else if (c === '<' && line[i + 1] === '<') {
      const herestring = line[i + 2] === '<';
      const strip = !herestring && line[i + 2] === '-';
      i += herestring ? 3 : strip ? 3 : 2;
      while (i < line.length && BLANKS.includes(line[i]!)) i += 1;
      const word = readWord(line, i);
      if (!word) return undefined;
      if (herestring) current.input.push(word);
      else heredocs.push({ delimiter: word.value, strip, command: current });
      i = word.end;
    } else if (OPERATORS.includes(c)) {
      const pipe = c === '|' && line[i + 1] !== '|' && line[i - 1] !== '|';
      if (c === '\n' && heredocs.length > 0) {
        i = readHeredocs(line, i + 1, heredocs.splice(0));
      } else {
        i += 1;
      }
      if (current.words.length > 0 || current.input.length > 0) commands.push({ words: [], piped: pipe, input: [] });
      else if (pipe) current.piped = true;
    } else {
      const word = readWord(line, i);
      if (!word) return undefined;
      current.words.push(word);
      i = word.end;
    }
  }
  return commands.filter((c) => c.words.length > 0);
}

/** Here-document bodies, one after another, from `start` (the line after the `<<`); returns where the line goes on. */
function readHeredocs(line: string, start: number, pending: { delimiter: string; strip: boolean; command: ShellCommand }[]): number {
  let at = start;
  for (const doc of pending) {
    const bodyStart = at;
    let end = line.length;
    let next = line.length;
    while (at < line.length) {
      const nl = line.indexOf('\n', at);
      const lineEnd = nl === -1 ? line.length : nl;
      const text = line.slice(at, lineEnd);
      if ((doc.strip ? text.replace(/^\t+/, '') : text) === doc.delimiter) {
        end = at;
        next = lineEnd;
        break;
      }
      at = lineEnd + 1;
    }
    doc.command.input.push({ value: line.slice(bodyStart, end), start: bodyStart, end });
    at = next;
  }
  return Math.min(at, line.length);
}

function readWord(line: string, start: number): ShellWord | undefined {
  // The unquoted value is built from slices of the line, not character by character (a megabyte word is one slice).
  let value = '';
  let chunk = start;
  let i = start;
  while (i < line.length && !BLANKS.includes(line[i]!) && !OPERATORS.includes(line[i]!) && !(line[i] === '<' && line[i + 1] === '<')) {
    const c = line[i]!;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close === -1) return undefined;
      value += line.slice(chunk, i) + line.slice(i + 1, close);
      i = close + 1;
      chunk = i;
    } else if (c === '"') {
      value += line.slice(chunk, i);
      let j = i + 1;
      let inner = j;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1]!)) {
          value += line.slice(inner, j) + (line[j + 1] === '\n' ? '' : line[j + 1]);
          j += 2;
          inner = j;
        } else j += 1;
      }
      if (j >= line.length) return undefined;
      value += line.slice(inner, j);
      i = j + 1;
      chunk = i;
    } else if (c === '\\' && i + 1 < line.length) {
      value += line.slice(chunk, i) + (line[i + 1] === '\n' ? '' : line[i + 1]);
      i += 2;
      chunk = i;
    } else {
      // Plain characters up to the next one that means something to sh: one native search.
      SPECIAL.lastIndex = i + 1;
      i = SPECIAL.exec(line)?.index ?? line.length;
    }
  }
  return { value: value + line.slice(chunk, i), start, end: i };
}

/** A value as a shell word again: bare when it is safe to, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./[\]-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
