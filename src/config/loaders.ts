import { spawnSync } from 'node:child_process';
// The loaders alone, not cosmiconfig's explorer: vstrace does its own cheap search (files.ts).
import { loadYaml } from 'cosmiconfig/dist/loaders.js';
import { quote } from '../errors.ts';

/**
 * cosmiconfig's loaders for the formats that need a parser vstrace does not
 * carry on the run path: YAML (js-yaml) and JavaScript; and where broken JSON
 * breaks (JSON itself is parsed inline). Bundled as its own chunk
 * (dist/config-loaders.js) and loaded only when such a file is found, or a
 * JSON file did not parse.
 */
export interface ConfigLoaders {
  yaml(path: string, text: string): unknown;
  js(path: string): unknown;
  jsonError(text: string): JsonSyntaxError | undefined;
}

export const loaders: ConfigLoaders = {
  yaml: (path, text) => loadYaml(path, text),
  jsonError: findJsonError,
  js: evaluateInChild,
};

/** How long a JavaScript config may take before it is given up on (the command then runs without it). */
const JS_CONFIG_TIMEOUT_MS = 2_000;

/**
 * A JavaScript config runs code, and code can loop, exit, print or take its
 * time: never in vstrace's own process, where it could hold back, end or
 * write into the command it wraps. It is evaluated in a child Node with no
 * stdin and no stdout (its prints go nowhere), for at most
 * JS_CONFIG_TIMEOUT_MS; its export comes back as JSON on fd 3. Settings are
 * data: functions do not survive. Costs one Node start (~40 ms) per command
 * that finds such a file; a YAML or JSON config costs none of it.
 */
const EVALUATE = `
const fs = require('node:fs');
const unwrap = (m) => m !== null && typeof m === 'object' && 'default' in m && (m.__esModule === true || Object.prototype.toString.call(m) === '[object Module]') ? m.default : m;
(async () => {
  let m;
  try { m = require(process.argv[1]); }
  catch (e) { if (e.code !== 'ERR_REQUIRE_ESM') throw e; m = await import(require('node:url').pathToFileURL(process.argv[1]).href); }
  fs.writeSync(3, JSON.stringify({ value: unwrap(m) ?? null }));
})().catch((e) => { fs.writeSync(3, JSON.stringify({ error: String((e && e.message) || e).split('\\n')[0] })); });
`;

function evaluateInChild(path: string): unknown {
  const r = spawnSync(process.execPath, ['-e', EVALUATE, path], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'], timeout: JS_CONFIG_TIMEOUT_MS, killSignal: 'SIGKILL', encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new Error(`it took longer than ${JS_CONFIG_TIMEOUT_MS / 1000} s to evaluate`);
  const out = String(r.output?.[3] ?? '');
  if (out === '') throw new Error(r.signal ? `its evaluation was killed by ${r.signal}` : 'it exited before exporting its settings');
  const result = JSON.parse(out) as { value?: unknown; error?: string };
  if (result.error !== undefined) throw new Error(result.error);
  return result.value;
}

/**
 * Where a JSON text stops being JSON, and why, found by scanning it. Node's
 * own messages differ by version (20 gives no position for an unexpected
 * token, 22 and later add a line and column) and quote the text around the
 * error across lines, where a secret may stand; this says the same on every
 * version and quotes at most one character. Called only once JSON.parse has
 * failed, from the lazy config-loaders chunk: the run path never carries it.
 */
export interface JsonSyntaxError {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  reason: string;
}

export function findJsonError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.at).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1, reason: error.reason };
  }
}

class Stop {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

const LITERALS = ['true', 'false', 'null'];
const SIMPLE_ESCAPES = '"\\/bfnrt';
const UNCLOSED = 'the file ends before every { and [ is closed';
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Scanner {
  private i = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  document(): void {
    if (this.text.startsWith('\uFEFF')) this.stop('a byte order mark at the start; save the file as UTF-8 without one');
    this.space();
    if (this.i === this.text.length) this.stop('the file is empty; write {} for no settings');
    this.value();
    this.space();
    if (this.i < this.text.length) this.stop(`${this.found()} after the end of the JSON value`);
  }

  private value(): void {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.container('}', () => this.member());
    if (c === '[') return this.container(']', () => this.value());
    if (c === '"') return this.string();
    if (c === '-' || isDigit(c)) return this.number();
    const literal = LITERALS.find((word) => this.text.startsWith(word, this.i));
    if (literal) return void (this.i += literal.length);
    if (c === undefined) this.stop(UNCLOSED);
    if (this.depth === 0) this.stop(`${this.found()} where the JSON should begin; a config file is one object, {…}`);
    this.stop(`${this.found()} where a value should be${/[A-Za-z_']/.test(c) ? '; text values need double quotes' : ''}`);
  }

  /** An object or an array: items separated by commas, none after the last. */
  private container(close: string, item: () => void): void {
    this.i++;
    this.depth++;
    this.space();
    if (this.text[this.i] === close) return this.close();
    for (;;) {
      item();
      this.space();
      const c = this.text[this.i];
      if (c === close) return this.close();
      if (c !== ',') this.stop(c === undefined ? UNCLOSED : `expected "," or "${close}", found ${this.found()}`);
      const comma = this.i++;
      this.space();
      if (this.text[this.i] === close) throw new Stop(comma, `a comma before "${close}"; JSON allows none after the last item`);
    }
  }

  private close(): void {
    this.i++;
    this.depth--;
  }

  private member(): void {
    if (this.text[this.i] !== '"') this.stop(`expected a property name in double quotes, found ${this.found()}`);
    this.string();
    this.space();
    if (this.text[this.i] !== ':') this.stop(`expected ":" after the property name, found ${this.found()}`);
    this.i++;
    this.value();
  }

  private string(): void {
    for (this.i++; this.i < this.text.length; this.i++) {
      const c = this.text[this.i]!;
      if (c === '"') return void this.i++;
      if (c === '\n' || c === '\r') this.stop('a line break inside a string; is its closing quote missing?');
      if (c < ' ') this.stop(`${this.found()} inside a string; write it as an escape`);
      if (c === '\\') this.escape();
    }
    this.stop('a string is not closed');
  }

  private escape(): void {
    const c = this.text[++this.i];
    if (c === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 1, this.i + 5))) this.stop('\\u needs four hex digits');
      this.i += 4;
    } else if (c === undefined || !SIMPLE_ESCAPES.includes(c)) {
      this.stop(`a backslash before ${this.found()} is not a JSON escape; write \\\\ for a backslash`);
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const end = this.i + (NUMBER.exec(this.text)?.[0].length ?? 0);
    if (end === this.i || /[0-9.eE]/.test(this.text[end] ?? '')) this.stop('a malformed number');
    this.i = end;
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
  }

  private found(): string {
    const c = this.text[this.i];
    return c === undefined ? 'the end of the file' : quote(c);
  }

  private stop(reason: string): never {
    throw new Stop(this.i, reason);
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
