import { basename } from 'node:path';
import { shellCommands, shellQuote } from './shell-words.ts';
import { BUILTIN_RULES, REDACTED, SECRET_FLAG, SECRET_KEY, SECRET_WORD, SETTER_WORDS, SHORT_PASSWORD_FLAGS, type RedactionRule } from './rules.ts';

/** Replaces every `secret` group of every match, leaving the rest of the match (the key, the flag) readable. */
function replaceSecretGroups(text: string, pattern: RegExp): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const span = match.indices?.groups?.secret;
    if (!span || span[0] < last) continue;
    out += text.slice(last, span[0]) + REDACTED;
    last = span[1];
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Each rule in turn over the text, skipping a rule whose gate fails. A gate is
 * tested once, on the text before any rule ran: a replacement puts
 * `[REDACTED]` where a secret was, and no gate matches across or inside it.
 */
export function applyRules(text: string, rules: readonly RedactionRule[]): string {
  const gates = new Map<RegExp, boolean>();
  const passes = (gate: RegExp): boolean => gates.get(gate) ?? gates.set(gate, gate.test(text)).get(gate)!;
  let out = text;
  for (const { pattern, gate } of rules) if (!gate || passes(gate)) out = replaceSecretGroups(out, pattern);
  return out;
}

export class Redactor {
  private readonly rules: readonly RedactionRule[];

  /** `extra` are user patterns (from config); a group named `secret` narrows what is hidden, else the whole match is. */
  constructor(extra: readonly string[] = []) {
    const user = extra.map((source, i) => ({
      name: `config-${i + 1}`,
      pattern: new RegExp(source.includes('(?<secret>') ? source : `(?<secret>${source})`, 'gd'),
    }));
    this.rules = [...BUILTIN_RULES, ...user];
  }

  /** One free-standing string: a config value, a tag, one argument. */
  text(value: string): string {
    if (this.rules.length === BUILTIN_RULES.length && cannotHoldBuiltinSecret(value)) return value;
    return applyRules(value, this.rules);
  }

  /** Tags or attributes: each value judged with its key (`token=…` is a secret where `…` alone may not look like one). */
  tags(tags: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, this.text(`${k}=${v}`).slice(k.length + 1)]));
  }

  /**
   * An argv: each argument through the text rules, plus what only position
   * tells — the value after `--password`, after `-p` for mysql, and so on.
   */
  argv(args: readonly string[]): string[] {
    let program = '';
    let armed = false;
    let pending: Pending;
    let previous = '';
    return args.map((arg) => {
      const next = pending;
      pending = undefined;
      if (next !== undefined && !arg.startsWith('-')) return next === 'value' ? REDACTED : arg.replace(/:.*/s, `:${REDACTED}`);
      const name = basename(arg);
      if (name in SHORT_PASSWORD_FLAGS) {
        program = name;
        armed = SHORT_PASSWORD_FLAGS[name]?.after === undefined;
      } else if (program && arg === SHORT_PASSWORD_FLAGS[program]?.after) armed = true;
      const short = armed ? shortFlag(program, arg) : undefined;
      if (short?.replace !== undefined) return short.replace;
      pending = short?.pending ?? (SECRET_FLAG.test(arg) || (SETTER_WORDS.has(previous) && SECRET_KEY.test(arg)) ? 'value' : undefined);
      previous = arg;
      return this.text(arg);
    });
  }

  /**
   * A whole command line given to `--shell`: split into commands and words as
   * the shell would (quotes honoured), each command through the argv rules, and
   * a word that held a secret rewritten in place. A line the shell would reject
   * falls back to rules over the raw text.
   */
  commandLine(line: string): string {
    const commands = shellCommands(line);
    if (!commands) return this.text(replaceSecretGroups(replaceSecretGroups(line, FLAG_THEN_VALUE), MYSQL_ATTACHED));
    let out = '';
    let last = 0;
    for (const words of commands) {
      const redacted = this.argv(words.map((w) => w.value));
      words.forEach((word, i) => {
        if (redacted[i] === word.value) return;
        out += line.slice(last, word.start) + shellQuote(redacted[i]!);
        last = word.end;
      });
    }
    // Rules that need no anchor also run over the whole line: they catch what an unquoted
    // line split into several words (`-H Authorization: Bearer x`, a URL cut at `&`).
    return applyRules(
      out + line.slice(last),
      this.rules.filter((r) => !r.pattern.source.startsWith('^')),
    );
  }
}

/**
 * Every built-in rule needs a separator (= : ? &), whitespace, or at least 15
 * characters (the shortest token format, `xoxb-` and ten more). Most arguments
 * are short words; skipping them keeps 25 regular expressions off the run path.
 */
const cannotHoldBuiltinSecret = (value: string): boolean => value.length < 15 && !/[=:?&\s]/.test(value);

/** In a shell line, `--password value` (the value is the next word). */
const FLAG_THEN_VALUE = new RegExp(`(?:^|\\s)--?[a-z0-9_-]*${SECRET_WORD}[a-z0-9_-]*\\s+(?<secret>[^\\s-][^\\s]*)`, 'gid');
/** In a shell line, mysql's attached `-pSECRET`. */
const MYSQL_ATTACHED = /\b(?:mysql|mysqldump|mysqladmin|mariadb|sshpass)\b[^|;&]*?\s-p(?<secret>[^\s]+)/dg;

/** What the argument after a flag holds: a whole secret, or `user:password`. */
type Pending = 'value' | 'user-password' | undefined;

/**
 * A program's short password flag: `-pSECRET` (attached) is rewritten here;
 * `-p SECRET` (separate) marks the next argument. mysql's bare `-p` prompts, so
 * its next argument is a database name and stays.
 */
function shortFlag(program: string, arg: string): { replace?: string; pending?: Pending } | undefined {
  const spec = SHORT_PASSWORD_FLAGS[program];
  if (!spec || !arg.startsWith('-')) return undefined;
  const flag = spec.flags.find((f) => arg === f || (f.length === 2 && arg.startsWith(f)));
  if (flag === undefined) return undefined;
  if (arg === flag) return spec.separate ? { pending: spec.holds } : undefined;
  return { replace: spec.holds === 'value' ? `${flag}${REDACTED}` : arg.replace(/:.*/s, `:${REDACTED}`) };
}

let defaultRedactor: Redactor | undefined;
export const builtinRedactor = (): Redactor => (defaultRedactor ??= new Redactor());
