/**
 * The redactor: what a span may record of a command line, a tag or a config
 * value. An argv is walked word by word with what each program means by its
 * flags and positions (tools.ts), what a flag's name says (names.ts) and what
 * its value looks like (values.ts); a shell line is split into commands as the
 * shell would (shell-words.ts), so strings that are command lines themselves
 * (`sh -c`, `ssh host "…"`, `eval`) are redacted as command lines; and every
 * word, and the whole line, goes through the free-text scanners (text.ts).
 * Every step is linear in its input; recursion into nested command lines is
 * bounded by MAX_DEPTH.
 */
import { basename } from 'node:path';
import { secretName, type Strength } from './names.ts';
import { REDACTED } from './rules.ts';
import { shellCommands, shellQuote, type ShellCommand, type ShellWord } from './shell-words.ts';
import { applyRanges, secretValue, textRanges } from './text.ts';
import { ECHOERS, SSH_VALUE_FLAGS, STDIN_SECRET, TOOLS, USERPASS_FLAGS, type Hold, type ToolSpec } from './tools.ts';
import { compileUserPatterns, userRanges, type UserPattern } from './user-patterns.ts';
import { harmlessValue, referencedVariable } from './values.ts';

const MAX_DEPTH = 6;
/**
 * How many words after a program its verbs are looked for in: every program
 * word starts a scan, so an unbounded one would make `htpasswd htpasswd …`
 * quadratic; real verb lines are a few dozen words.
 */
const VERB_REACH = 64;
/**
 * Characters of nested command lines one redaction parses (each string also
 * costs NESTED_COST, for the parse's fixed work): far above any real command
 * (a 64 KB certificate inside `sh -c` is parsed whole), and what keeps an
 * argument of thousands of nested lines within the bench's 50 ms per megabyte.
 */
const NESTED_BUDGET = 256 * 1024;
const NESTED_COST = 256;
/** A short word with nothing any rule starts at (no flag, separator, path, variable or blank): kept without a look. */
const inert = (arg: string): boolean => arg.length < 8 && !/[-=:/$\s@%,]/.test(arg);
const programName = (arg: string): string => (arg.includes('/') ? basename(arg) : arg);
/** The flags in force: the program's (once its subcommand was seen) and its verb's; a copy only when there are both. */
const flagsNow = (own: Readonly<Record<string, Hold>>, verb: Record<string, Hold>): Readonly<Record<string, Hold>> => {
  for (const _ in verb) return own === NO_FLAGS ? verb : { ...own, ...verb };
  return own;
};
const NO_FLAGS: Readonly<Record<string, Hold>> = {};
const NO_POSITIONS: ReadonlyMap<number, Hold> = new Map();
const toolSpec = (name: string): ToolSpec | undefined => (Object.hasOwn(TOOLS, name) ? TOOLS[name] : undefined);
const stdinFlags = (name: string): readonly string[] | undefined => (Object.hasOwn(STDIN_SECRET, name) ? STDIN_SECRET[name] : undefined);
/** Words after which a secret-named key takes the next word as its value: `aws configure set aws_secret_access_key …`. */
const SETTER_WORDS: ReadonlySet<string> = new Set(['set', 'config', '--global', '--local', '--system', '--add', '--replace-all', 'put', 'add']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_.-]{0,63})=/s;
/** A word that is an option (`-p`, `--password=x`), not a value that starts with a dash (`-----BEGIN`, `-`). */
const isFlag = (arg: string): boolean => /^--?[A-Za-z0-9?]/.test(arg);

type Pending = Hold | Strength | 'cmdline' | 'setter';

interface Walked {
  out: string[];
  /** Shell variables used where a secret goes (`-p"$PW"`): their assignments on the same line are secret. */
  secretVars: string[];
  /** The command reads a secret on stdin (`--password-stdin`, `chpasswd`). */
  stdinSecret: boolean;
}

export class Redactor {
  private readonly user: readonly UserPattern[];
  private busy = false;
  private budget = 0;

  /** `extra` are user patterns (from config); a group named `secret` narrows what is hidden, else the whole match is. */
  constructor(extra: readonly string[] = []) {
    this.user = compileUserPatterns(extra);
  }

  /** One free-standing string: a config value, one argument. */
  text(value: string): string {
    return this.scan(value, false);
  }

  /** The free-text scanners over `value`; `spanning`: only those whose secrets run across words (see textRanges). */
  private scan(value: string, spanning: boolean): string {
    const ranges = textRanges(value, spanning);
    if (this.user.length > 0) ranges.push(...userRanges(value, this.user));
    return applyRanges(value, ranges, REDACTED);
  }

  /** Tags or attributes: each value judged with its key (`db_pw=…` is a secret where `…` alone may not look like one). */
  tags(tags: Record<string, string>): Record<string, string> {
    return this.entry(() => this.tagMap(tags));
  }

  private tagMap(tags: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(tags).map(([k, v]) => [this.text(k), this.tagValue(k, v)]));
  }

  private tagValue(key: string, value: string): string {
    const strength = secretName(key);
    if (strength && secretValue(value, strength)) return REDACTED;
    return /\s/.test(value) ? this.line(value, 0) : this.text(value);
  }

  /** An argv: each argument through the text scanners, plus what only position tells. */
  argv(args: readonly string[]): string[] {
    return this.entry(() => this.walk(args, 0).out);
  }

  /**
   * A whole command line (a `--shell` line, a span name, a string that is a
   * command line): split into commands and words as the shell would, each
   * command walked as an argv, a word that held a secret rewritten in place,
   * then the free-text scanners over the whole line (they catch what spans
   * words: an unquoted `Authorization: Bearer x`, SQL, .netrc lines).
   */
  commandLine(line: string): string {
    return this.entry(() => this.line(line, 0));
  }

  /**
   * Starts one redaction: the budget for command lines found inside strings
   * (`sh -c "…"`, a tag that holds a line) is shared by everything it reaches,
   * so a megabyte of `sh -c "sh -c "…` is bounded work, not 150,000 nested parses.
   */
  private entry<T>(run: () => T): T {
    if (this.busy) return run();
    this.busy = true;
    this.budget = NESTED_BUDGET;
    try {
      return run();
    } finally {
      this.busy = false;
    }
  }

  /**
   * A string inside a command that is itself a command line. Past the budget
   * it is hidden whole: failing closed on an input built to be expensive
   * costs a false alarm on that input, never a leak.
   */
  private nested(line: string, depth: number): string {
    this.budget -= line.length + NESTED_COST;
    return this.budget < 0 ? REDACTED : this.line(line, depth);
  }

  private line(line: string, depth: number): string {
    const commands = depth < MAX_DEPTH ? shellCommands(line) : undefined;
    if (!commands) return this.text(this.rewrite(line, blankWords(line), (words) => this.walk(words, depth + 1).out));
    const walked = commands.map((c) =>
      this.walk(
        c.words.map((w) => w.value),
        depth + 1,
      ),
    );
    // Only the words that change are kept (a long line's words are most of its cost in memory).
    const replace = new Map<ShellWord, string>();
    commands.forEach((command, k) => {
      walked[k]!.out.forEach((value, i) => {
        const word = command.words[i]!;
        if (value !== word.value) replace.set(word, value);
      });
      for (const input of command.input) replace.set(input, walked[k]!.stdinSecret ? REDACTED : this.nested(input.value, depth + 1));
      const previous = commands[k - 1];
      if (walked[k]!.stdinSecret && command.piped && previous) this.hideEchoed(previous, replace);
    });
    const secretVars = new Set<string>();
    for (const w of walked) for (const v of w.secretVars) secretVars.add(v);
    if (secretVars.size > 0) hideAssignments(commands, secretVars, replace);
    let out = '';
    let last = 0;
    const changed = [...replace].filter(([w, v]) => v !== w.value).sort(([a], [b]) => a.start - b.start);
    const inputs = new Set<ShellWord>();
    for (const c of commands) for (const input of c.input) inputs.add(input);
    for (const [word, value] of changed) {
      if (word.start < last) continue;
      const heredoc = inputs.has(word) && line[word.start - 1] === '\n';
      out += line.slice(last, word.start) + (heredoc ? value : shellQuote(value));
      last = word.end;
    }
    // One word and nothing read on stdin: nothing runs across words, and the word was scanned on its own.
    const single = commands.length === 1 && commands[0]!.words.length === 1 && commands[0]!.input.length === 0;
    return single ? out + line.slice(last) : this.scan(out + line.slice(last), true);
  }

  /** `echo TOKEN | docker login --password-stdin`: what the echo prints is the secret. */
  private hideEchoed(source: ShellCommand, replace: Map<ShellWord, string>): void {
    const [program, ...args] = source.words;
    if (!program || !ECHOERS.has(programName(program.value))) return;
    args.forEach((w, i) => {
      if (w.value.startsWith('-') || (i === 0 && programName(program.value) === 'printf' && w.value.includes('%') && args.length > 1)) return;
      if (!harmlessValue(w.value) || referencedVariable(w.value) === undefined) replace.set(w, REDACTED);
    });
  }

  /** Replaces each word of `line` (found by `words`) by what `redact` makes of the word list. */
  private rewrite(line: string, words: ShellWord[], redact: (values: string[]) => string[]): string {
    const values = redact(words.map((w) => w.value));
    let out = '';
    let last = 0;
    words.forEach((w, i) => {
      if (values[i] === w.value) return;
      out += line.slice(last, w.start) + values[i];
      last = w.end;
    });
    return out + line.slice(last);
  }

  /** The argv walk: the current program's table entry, the verb it was given, and what the previous word asked of this one. */
  private walk(args: readonly string[], depth: number): Walked {
    const walked: Walked = { out: [], secretVars: [], stdinSecret: false };
    let tool: ToolSpec | undefined;
    let toolName = '';
    let flags: Readonly<Record<string, Hold>> = NO_FLAGS;
    let verbFlags: Record<string, Hold> = {};
    let afterSeen = false;
    let verbSecrets: ReadonlyMap<number, Hold> = NO_POSITIONS;
    let pending: Pending | undefined;
    let sshHost: 'wait' | 'seen' | undefined;
    let previous = '';
    const value = (v: string, hold: Pending): string => {
      const variable = referencedVariable(v);
      if (variable) {
        walked.secretVars.push(variable);
        return v;
      }
      return this.hold(v, hold, depth);
    };
    args.forEach((arg, i) => {
      const prev = previous;
      previous = arg;
      const take = pending;
      pending = undefined;
      if (take !== undefined && !(isFlag(arg) && take !== 'cmdline')) return walked.out.push(value(arg, take));
      const verbHold = verbSecrets.get(i);
      if (verbHold) return walked.out.push(value(arg, verbHold));
      if (tool?.after && arg === tool.after) afterSeen = true;
      if (inert(arg) && !SETTER_WORDS.has(prev) && toolSpec(arg) === undefined && sshHost !== 'wait') return walked.out.push(arg);
      const name = programName(arg);
      const spec = toolSpec(name);
      if (spec && !isFlag(arg)) {
        tool = spec;
        toolName = name;
        afterSeen = spec.after === undefined;
        flags = spec.flags ?? NO_FLAGS;
        verbFlags = {};
        verbSecrets = spec.verbs ? verbPositions(spec, args, i, verbFlags) : NO_POSITIONS;
        sshHost = spec.commandAfter === 'host' ? 'wait' : undefined;
        if (stdinFlags(name)?.length === 0) walked.stdinSecret = true;
        return walked.out.push(arg);
      }
      if (stdinFlags(toolName)?.includes(arg)) walked.stdinSecret = true;
      if (isFlag(arg)) {
        const result = this.flag(arg, { tool, flags: flagsNow(afterSeen ? flags : NO_FLAGS, verbFlags), depth });
        if (result.pending) pending = result.pending;
        if (result.variable) walked.secretVars.push(result.variable);
        if (sshHost === 'wait' && SSH_VALUE_FLAGS.has(arg)) pending = undefined;
        return walked.out.push(result.out);
      }
      if (sshHost === 'wait' && !SSH_VALUE_FLAGS.has(prev)) {
        sshHost = 'seen';
        return walked.out.push(this.text(arg));
      }
      if ((sshHost === 'seen' || tool?.commandAfter === 'all') && /\s/.test(arg)) return walked.out.push(this.nested(arg, depth));
      if (SETTER_WORDS.has(prev) && secretName(arg) === 'strong' && !arg.includes('=')) pending = 'strong';
      walked.out.push(this.positional(arg, depth));
    });
    return walked;
  }

  /** One flag: `--password=x`, `-pSECRET`, `-P` (value next), `-c` of a shell (command line next). */
  private flag(arg: string, at: { tool: ToolSpec | undefined; flags: Record<string, Hold>; depth: number }): { out: string; pending?: Pending; variable?: string } {
    const eq = arg.indexOf('=');
    const flagName = eq === -1 ? arg : arg.slice(0, eq);
    const notUserpass = at.tool?.notUserpass?.includes(flagName) ?? false;
    if (eq !== -1) {
      const v = arg.slice(eq + 1);
      const variable = referencedVariable(v);
      const hold: Pending | undefined = at.flags[flagName] ?? (USERPASS_FLAGS.has(flagName) && !notUserpass ? 'userpass' : secretName(flagName));
      if (hold && hold !== 'switch' && hold !== 'attached') {
        if (variable) return { out: arg, variable };
        return { out: `${flagName}=${this.hold(v, hold, at.depth)}` };
      }
      if (hold === 'attached') return { out: variable ? arg : `${flagName}=${this.hold(v, 'value', at.depth)}`, ...(variable ? { variable } : {}) };
      return { out: this.text(arg) };
    }
    const exact = at.flags[arg];
    if (exact) return exact === 'switch' || exact === 'attached' ? { out: arg } : { out: arg, pending: exact };
    const short = Object.entries(at.flags).find(([f]) => f.length === 2 && !f.startsWith('--') && arg.startsWith(f) && arg.length > 2);
    if (short) {
      const [f, hold] = short;
      const v = arg.slice(2);
      const variable = referencedVariable(v);
      if (variable) return { out: arg, variable };
      return { out: f + this.hold(v, hold === 'attached' ? 'value' : hold, at.depth) };
    }
    if (at.tool?.shell && (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg) || arg === '--command')) return { out: arg, pending: 'cmdline' };
    if (USERPASS_FLAGS.has(arg) && !notUserpass) return { out: arg, pending: 'userpass' };
    const strength = secretName(arg);
    return strength ? { out: arg, pending: strength } : { out: this.text(arg) };
  }

  /** A word that is no flag's value: `NAME=value` judged by its name, a string that is a command line, or free text. */
  private positional(arg: string, depth: number): string {
    const assignment = ASSIGNMENT.exec(arg);
    if (assignment) {
      const strength = secretName(assignment[1]!);
      const v = arg.slice(assignment[0].length);
      if (strength && secretValue(v, strength)) return `${assignment[0]}${REDACTED}`;
    }
    if (/\s/.test(arg) && looksLikeCommand(arg)) return this.nested(arg, depth);
    return this.text(arg);
  }

  /** What a value held as `hold` keeps: the user in `user:pass`, the `k=` in `k=v`, a path, a boolean. */
  private hold(v: string, hold: Pending, depth: number): string {
    switch (hold) {
      case 'cmdline':
        return this.nested(v, depth);
      case 'value':
      case 'attached':
        return harmlessValue(v) ? v : REDACTED;
      case 'strong':
      case 'weak':
        return secretValue(v, hold) ? REDACTED : this.text(v);
      case 'userpass':
        return after(v, ':', (rest) => /^\d+$/.test(rest)) ?? this.text(v);
      case 'user%pass':
        return after(v, '%') ?? this.text(v);
      case 'user,pass':
        return after(v, ',') ?? this.text(v);
      case 'user/pw': {
        const m = /^([^/@\s:]+)\/([^@\s]+)(@.*)?$/s.exec(v);
        return m ? `${m[1]}/${REDACTED}${m[3] ?? ''}` : this.text(v);
      }
      case 'pairs': {
        const eq = v.indexOf('=');
        return eq === -1 || harmlessValue(v.slice(eq + 1)) ? this.text(v) : `${v.slice(0, eq + 1)}${REDACTED}`;
      }
      case 'cookie':
        return v.includes('=') ? REDACTED : v;
      case 'setter':
      case 'switch':
        return this.text(v);
    }
  }
}

/** `user:pass` → `user:[REDACTED]`; undefined when there is nothing after the separator to hide. */
function after(v: string, sep: string, keep: (rest: string) => boolean = () => false): string | undefined {
  const i = v.indexOf(sep);
  if (i === -1) return undefined;
  const rest = v.slice(i + 1);
  return rest === '' || keep(rest) || referencedVariable(rest) ? v : `${v.slice(0, i + 1)}${REDACTED}`;
}

/** Which positions after the program at `at` its verbs make secret; adds the verb's flags to `flags`. */
function verbPositions(spec: ToolSpec, args: readonly string[], at: number, flags: Record<string, Hold>): Map<number, Hold> {
  const out = new Map<number, Hold>();
  const until = Math.min(args.length, at + 1 + VERB_REACH);
  for (const verb of spec.verbs ?? []) {
    const positions: number[] = [];
    let present = false;
    for (let j = at + 1; j < until; j++) {
      const a = args[j]!;
      if (a.startsWith('-') && a.length > 1) {
        if (verb.when && (a === verb.when || (verb.when.length === 1 && /^-[a-zA-Z]+$/.test(a) && a.includes(verb.when)))) present = true;
        const hold = verb.flags?.[a] ?? spec.flags?.[a];
        if (hold && hold !== 'switch' && !a.includes('=')) j += 1;
      } else positions.push(j);
    }
    if (!verb.path.every((w, k) => args[positions[k] ?? -1] === w)) continue;
    Object.assign(flags, verb.flags ?? {});
    if (verb.when && !present) continue;
    const rest = positions.slice(verb.path.length);
    for (const p of verb.positional ?? []) {
      const index = rest[p < 0 ? rest.length + p : p];
      if (index !== undefined && !(verb.skipAssignments && ASSIGNMENT.test(args[index]!))) out.set(index, verb.hold ?? 'value');
    }
    if (verb.pairs) for (const index of rest.slice(verb.pairs.skip)) if (args[index]!.includes('=')) out.set(index, 'pairs');
  }
  return out;
}

/** A string that reads as a command line: its first word is a program the tables know, or it holds shell operators. */
function looksLikeCommand(text: string): boolean {
  const first = /^\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(\S+)/.exec(text)?.[1] ?? '';
  return toolSpec(programName(first)) !== undefined || /(?:^|\s)(?:&&|\|\||\||;)(?:\s|$)/.test(text) || /\s--?[a-z][a-z0-9-]*(?:[=\s]|$)/i.test(text);
}

/** The words of an unparsable line, split at blanks. */
function blankWords(line: string): ShellWord[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ value: m[0], start: m.index, end: m.index + m[0].length }));
}

/** `PW=…; tool -p"$PW"`: the assignment of a variable used as a secret is hidden (`export`, `local`, `declare` too). */
function hideAssignments(commands: ShellCommand[], names: Set<string>, replace: Map<ShellWord, string>): void {
  for (const { words } of commands) {
    for (const w of words) {
      const m = ASSIGNMENT.exec(w.value);
      if (m && names.has(m[1]!)) replace.set(w, `${m[0]}${REDACTED}`);
    }
  }
}

let defaultRedactor: Redactor | undefined;
export const builtinRedactor = (): Redactor => (defaultRedactor ??= new Redactor());
