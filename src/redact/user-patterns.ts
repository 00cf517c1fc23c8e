/**
 * `redact.patterns` from config: regular expressions the user adds. A pattern
 * with a nested quantifier (`(a+)+`, `(\w*)*`, `(a|ab)*`) or a back-reference
 * can take exponential time on a hostile argument, so the config refuses it
 * with a one-line error (and the Redactor drops it if one reaches it); the
 * rest are applied to windows of the text (WINDOW characters, overlapping by
 * OVERLAP, so any match of up to OVERLAP characters is found whole), which
 * bounds what one pattern can cost per character of the text.
 */
import type { Range } from './text.ts';

export const WINDOW = 2048;
export const OVERLAP = 512;

/**
 * Why a pattern that compiles is refused, or undefined when it is fine: the
 * forms that backtrack exponentially. (Whether it compiles at all is the
 * config's first check.)
 */
export function patternProblem(source: string): string | undefined {
  if (nestedQuantifier(source))
    return 'repeats a group that itself holds a repetition or alternatives (like (a+)+ or (a|ab)*), which takes exponential time on some arguments: repeat a character class instead ([ab]+), or drop the outer repetition';
  if (/\\[1-9]|\\k</.test(source)) return 'uses a back-reference, which cannot be run in bounded time: match the text without it';
  return undefined;
}

/** A quantified group whose body holds a quantifier or an alternation: the shapes that backtrack exponentially. */
function nestedQuantifier(source: string): boolean {
  const stack: { risky: boolean }[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') stack.push({ risky: false });
    else if (c === ')') {
      const group = stack.pop();
      const quantified = /^(?:[*+]|\{\d*,\d*\}|\{\d{2,}\})/.test(source.slice(i + 1, i + 12));
      if (group?.risky && quantified) return true;
      if (group?.risky && stack.length > 0) stack.at(-1)!.risky = true;
      if (quantified && stack.length > 0) stack.at(-1)!.risky = true;
    } else if ((c === '*' || c === '+' || c === '|' || (c === '{' && /^\{\d*,/.test(source.slice(i, i + 8)))) && stack.length > 0) stack.at(-1)!.risky = true;
  }
  return false;
}

export interface UserPattern {
  pattern: RegExp;
}

/** Compiles the patterns that pass; a group named `secret` narrows what is hidden, else the whole match is. */
export function compileUserPatterns(sources: readonly string[]): UserPattern[] {
  return sources.filter((s) => patternProblem(s) === undefined).map((source) => ({ pattern: new RegExp(source.includes('(?<secret>') ? source : `(?<secret>${source})`, 'gd') }));
}

/** Every match of every pattern, window by window. */
export function userRanges(text: string, patterns: readonly UserPattern[]): Range[] {
  const out: Range[] = [];
  for (const { pattern } of patterns) {
    for (let from = 0; from < text.length; from += WINDOW - OVERLAP) {
      const window = text.slice(from, from + WINDOW);
      for (const m of window.matchAll(pattern)) {
        const span = m.indices?.groups?.secret;
        if (span && span[1] > span[0]) out.push([from + span[0], from + span[1]]);
      }
      if (from + WINDOW >= text.length) break;
    }
  }
  return out;
}
