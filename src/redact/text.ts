/**
 * Secrets in free text (one argument, a config value, a whole shell line),
 * found by scanners that each walk the text once and report what to hide as
 * ranges: private key blocks, URLs (password, token user, webhook and bot
 * paths, query parameters), `name=value` and `Name: value` pairs judged by
 * name and value, SQL and .netrc passwords, and token shapes. No scanner
 * backtracks: each looks back or ahead a bounded distance from a separator it
 * found, and resumes after what it consumed, so the cost is linear in the text.
 */
import { MAX_NAME, NAME_HINT, secretName, type Strength } from './names.ts';
import { shapeAt } from './shapes.ts';
import { harmlessValue, looksRandom } from './values.ts';
import { REDACTED } from './rules.ts';

export type Range = [start: number, end: number];

/**
 * What to hide in `text`. `spanning` is the pass over a whole command line
 * whose words were each scanned already: only the scanners whose secrets run
 * across words (a `Name: value` pair, a key block, SQL, .netrc) run again;
 * URLs and token shapes never hold a blank, so they were found in their word.
 */
export function textRanges(text: string, spanning = false): Range[] {
  if (text.length < 8 && !/[=:]/.test(text)) return [];
  const out: Range[] = [];
  judged = 0;
  keyBlocks(text, out);
  // An unterminated key block hides the rest of the text: the other scanners need only what comes before it.
  const open = out.find(([, end]) => end === text.length);
  const before = open ? text.slice(0, open[0]) : text;
  const queries: Range[] = [];
  if (!spanning) urls(before, out, queries);
  pairs(before, out, queries);
  if (/\s/.test(before)) sqlAndNetrc(before, out);
  if (!spanning) shapes(before, out);
  return exhausted(out) ? [[0, text.length]] : out;
}

/**
 * Secrets found plus secret-named places judged, per text, before the text is
 * hidden whole. Each costs a bounded few microseconds; no real command line
 * has thousands in one argument, so past MAX_FINDINGS the text is one built to
 * be expensive, and failing closed on it costs a false alarm on that text,
 * never a leak, and never more time. The scanners stop as soon as it trips.
 */
export const MAX_FINDINGS = 4096;
let judged = 0;
const exhausted = (out: Range[]): boolean => out.length + judged > MAX_FINDINGS;

/** Whether a value in a position of this strength is to be hidden. */
export function secretValue(value: string, strength: Strength): boolean {
  return strength === 'strong' ? !harmlessValue(value) : looksRandom(value);
}

// -----BEGIN … PRIVATE KEY----- and -----BEGIN PGP PRIVATE KEY BLOCK-----: the body, to the END line or the end of the text.
const KEY_HEADER = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
function keyBlocks(text: string, out: Range[]): void {
  for (let at = text.indexOf('-----BEGIN '); at !== -1 && !exhausted(out); at = text.indexOf('-----BEGIN ', at + 1)) {
    KEY_HEADER.lastIndex = at;
    if (!KEY_HEADER.test(text)) continue;
    const end = text.indexOf('-----END ', KEY_HEADER.lastIndex);
    out.push([KEY_HEADER.lastIndex, end === -1 ? text.length : end]);
    if (end === -1) return;
    at = end;
  }
}

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/** Webhook and bot URLs whose path is the credential: host, path prefix, and how much of the rest is secret. */
const PATH_SECRETS: readonly { host: RegExp; prefix: string; segment?: true }[] = [
  { host: /(?:^|\.)hooks\.slack\.com$/i, prefix: '/services/' },
  { host: /(?:^|\.)hooks\.slack\.com$/i, prefix: '/workflows/' },
  { host: /(?:^|\.)discord(?:app)?\.com$/i, prefix: '/api/webhooks/' },
  { host: /^api\.telegram\.org$/i, prefix: '/bot', segment: true },
  { host: /(?:^|\.)webhook\.office\.com$/i, prefix: '/webhookb2/' },
  { host: /(?:^|\.)outlook\.office\.com$/i, prefix: '/webhook/' },
  { host: /(?:^|\.)hooks\.zapier\.com$/i, prefix: '/hooks/catch/' },
  { host: /^chat\.googleapis\.com$/i, prefix: '/v1/spaces/' },
];

/** Every host of PATH_SECRETS holds one of these: the eight host tests run only where one is. */
const WEBHOOK_HOST = /slack|discord|telegram|office|zapier|googleapis/i;

function urls(text: string, out: Range[], queries: Range[]): void {
  for (let at = text.indexOf('://'); at !== -1 && !exhausted(out); at = text.indexOf('://', at + 3)) {
    let s = at;
    while (s > 0 && at - s < 32 && SCHEME_CHAR.test(text[s - 1]!)) s -= 1;
    if (s === at) continue;
    const end = searchFrom(URL_ENDS, text, at + 3, text.length);
    judged += 1;
    url(text, at + 3, end, out, queries);
    at = Math.max(at, end - 3);
  }
  // Oracle JDBC: jdbc:oracle:thin:user/password@host
  for (let at = text.indexOf(':thin:'); at !== -1 && !exhausted(out); at = text.indexOf(':thin:', at + 6)) {
    const end = searchFrom(JDBC_ENDS, text, at + 6, text.length);
    const slash = firstIn(text, '/', at + 6, end);
    if (text[end] === '@' && slash !== -1) out.push([slash + 1, end]);
    at = Math.max(at, end - 6);
  }
}

/** The first `ch` in text[from, to), or -1: a search that never runs past what the caller consumes. */
function firstIn(text: string, ch: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text[i] === ch) return i;
  return -1;
}

/** Global, so the end of a URL is one native search (the URL is consumed: the next search starts past it). */
const URL_ENDS = /[\s"'<>`]/g;
const JDBC_ENDS = /[\s"'<>`@]/g;
const SLASH = 47;
const QUESTION = 63;
const HASH = 35;

/** Where `chars` (a global character class) first matches from `from`, or `to` when it does not before `to`. */
function searchFrom(chars: RegExp, text: string, from: number, to: number): number {
  chars.lastIndex = from;
  const m = chars.exec(text);
  return m && m.index < to ? m.index : to;
}

/** The last `ch` in text[from, to), or -1. */
function lastIn(text: string, ch: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text[i] === ch) return i;
  return -1;
}

/** One URL from its authority (`start`, after `://`) to `end`. */
function url(text: string, start: number, end: number, out: Range[], queries: Range[]): void {
  let hostEnd = start;
  for (let c = text.charCodeAt(hostEnd); hostEnd < end && c !== SLASH && c !== QUESTION && c !== HASH; c = text.charCodeAt(++hostEnd));
  const at = lastIn(text, '@', start, hostEnd);
  let hostStart = start;
  if (at !== -1) {
    hostStart = at + 1;
    const colon = firstIn(text, ':', start, at);
    if (colon !== -1) {
      if (colon + 1 < at) out.push([colon + 1, at]);
    } else if (tokenUser(text.slice(start, at))) out.push([start, at]);
  }
  // A host name is at most 253 characters: a longer authority is no webhook's.
  const host = hostEnd - hostStart <= 260 ? text.slice(hostStart, hostEnd).replace(/:\d+$/, '') : '';
  let pathEnd = hostEnd;
  for (let c = text.charCodeAt(pathEnd); pathEnd < end && c !== QUESTION && c !== HASH; c = text.charCodeAt(++pathEnd));
  for (const p of WEBHOOK_HOST.test(host) ? PATH_SECRETS : []) {
    if (!p.host.test(host) || !text.startsWith(p.prefix, hostEnd)) continue;
    const from = hostEnd + p.prefix.length;
    const slash = p.segment ? firstIn(text, '/', from, pathEnd) : -1;
    out.push([from, slash !== -1 ? slash : pathEnd]);
    break;
  }
  // Query and fragment parameters: ?token=…&sig=…#access_token=… (judged here, by their own names, so pairs() skips them)
  if (pathEnd < end) queries.push([pathEnd, end]);
  let i = pathEnd;
  while (i < end && !exhausted(out)) {
    const nameStart = i + 1;
    let eq = nameStart;
    while (eq < end && text[eq] !== '=' && text[eq] !== '&' && text[eq] !== '#') eq += 1;
    let valueEnd = eq < end && text[eq] === '=' ? eq + 1 : eq;
    while (valueEnd < end && text[valueEnd] !== '&' && text[valueEnd] !== '#') valueEnd += 1;
    if (text[eq] === '=' && eq - nameStart <= MAX_NAME) {
      const strength = queryName(text.slice(nameStart, eq));
      if (strength) judged += 1;
      if (strength && secretValue(decodeSafe(text.slice(eq + 1, valueEnd)), strength)) out.push([eq + 1, valueEnd]);
    }
    i = valueEnd;
  }
}

const QUERY_SECRETS = /^(?:key|sig|signature|code|x-amz-signature|x-amz-security-token|x-amz-credential|x-goog-signature|x-goog-credential|sv|se)$/i;
function queryName(name: string): Strength | undefined {
  if (/^(?:sv|se|sp|spr|srt|ss|st|sr)$/i.test(name)) return undefined;
  return QUERY_SECRETS.test(name) ? 'strong' : secretName(name, 'query');
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A URL's user with no password that is a token: a known shape, or long and random (not `git`, `x-access-token`, `oauth2`). */
function tokenUser(user: string): boolean {
  return shapeAt(user, '') > 0 || (user.length >= 20 && /\d/.test(user) && /[A-Za-z]/.test(user) && !/^[a-z]+(?:[-_.][a-z]+)*$/.test(user));
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const VALUE_ENDS = /[\s,;&"'`)}\]<>|]/g;
const LINE_VALUE_ENDS = /[\n"']/g;
const AUTH_SCHEME = /^(?:bearer|basic|token|digest|negotiate|apikey|api-key|sso-key|key|bot|oauth|hmac|gitlab-ci-token|aws4-hmac-sha256)\s+/i;

/**
 * `name=value`, `name: value`, `"name": "value"`, `name = "value"`: the name is
 * read back from the separator (at most MAX_NAME characters, a quoted name or
 * a run of name characters), the value forward to its end (a closing quote,
 * or a delimiter). Only a secret name makes the scan read the value.
 */
function pairs(text: string, out: Range[], skip: readonly Range[]): void {
  // A secret name holds one of the words secretName looks for, so the scan goes from word to word (one native
  // search), not from separator to separator: a megabyte of `a:a:` costs one search, not 500,000 judgements.
  const words = NAME_WORDS;
  words.lastIndex = 0;
  const stops = { at: -1 };
  let k = 0;
  for (let m = words.exec(text); m && !exhausted(out); m = words.exec(text)) {
    while (k < skip.length && skip[k]![1] <= m.index) k += 1;
    if (k < skip.length && skip[k]![0] <= m.index) {
      words.lastIndex = skip[k]![1];
      continue;
    }
    let e = m.index + m[0].length;
    while (e < text.length && NAME_CHAR.test(text[e]!)) e += 1;
    const sep = separatorAfter(text, e, stops);
    words.lastIndex = sep === -1 ? e : Math.max(e, pairAt(text, sep, out));
  }
}

const STOP = /["'=:\n]/g;
/** Global, so one search runs from word to word (pairs never re-enters itself, so one instance serves every call). */
const NAME_WORDS = new RegExp(NAME_HINT.source, 'gi');

/**
 * The `=` or `:` that ends the name whose run of name characters ends at `e`
 * (after a closing quote and blanks), or -1. `stops.at` is the next quote,
 * separator or newline at or after the last `e` asked about: it only moves
 * forward, so finding a quoted name's closing quote (`"db password": …`) past
 * blanks costs one pass over the text in all.
 */
function separatorAfter(text: string, e: number, stops: { at: number }): number {
  let j = e;
  if (text[j] === ' ' || text[j] === '\t') {
    if (stops.at < e) {
      STOP.lastIndex = e;
      stops.at = STOP.exec(text)?.index ?? text.length;
    }
    const q = text[stops.at];
    if ((q === '"' || q === "'") && stops.at - e < MAX_NAME) j = stops.at;
  }
  if (text[j] === '"' || text[j] === "'") j += 1;
  const blanks = j;
  while (j < text.length && j - blanks < 8 && (text[j] === ' ' || text[j] === '\t')) j += 1;
  return text[j] === '=' || text[j] === ':' ? j : -1;
}

/** The pair whose separator is at `sep`, hidden when name and value say secret; returns where the scan resumes. */
function pairAt(text: string, sep: number, out: Range[]): number {
  if (text[sep + 1] === '/' && text[sep + 2] === '/') return sep + 1;
  const name = nameBefore(text, sep);
  if (!name) return sep + 1;
  const header = text[sep] === ':';
  const strength = secretName(name, header ? 'header' : 'name');
  if (!strength) return sep + 1;
  judged += 1;
  let v = sep + 1;
  while (v < text.length && (text[v] === ' ' || text[v] === '\t')) v += 1;
  if (text.startsWith(REDACTED, v)) return v + REDACTED.length;
  const scheme = AUTH_SCHEME.exec(text.slice(v, v + 40));
  if (scheme && strength === 'strong') v += scheme[0].length;
  const end = valueEnd(text, v, header && /cookie/i.test(name));
  const quoted = text[v] === '"' || text[v] === "'";
  const value = text.slice(quoted ? v + 1 : v, quoted ? end - 1 : end);
  if (value && secretValue(value, strength)) out.push(quoted ? [v + 1, end - 1] : [v, end]);
  return Math.max(sep + 1, end);
}

/** The name that ends just before a separator, quotes and blanks allowed around it. */
function nameBefore(text: string, sep: number): string | undefined {
  let e = sep;
  while (e > 0 && sep - e < 8 && (text[e - 1] === ' ' || text[e - 1] === '\t')) e -= 1;
  const quote = text[e - 1];
  if (quote === '"' || quote === "'") {
    let open = e - 2;
    while (open >= 0 && e - open <= MAX_NAME && text[open] !== quote) open -= 1;
    return open >= 0 && text[open] === quote ? text.slice(open + 1, e - 1) : undefined;
  }
  let s = e;
  while (s > 0 && e - s < MAX_NAME && NAME_CHAR.test(text[s - 1]!)) s -= 1;
  return s < e ? text.slice(s, e).replace(/^[-.]+/, '') : undefined;
}

/** Where a value that starts at `v` ends: its closing quote, or the first delimiter (a cookie header runs to the end of its line). */
function valueEnd(text: string, v: number, wholeLine: boolean): number {
  const q = text[v];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, v + 1);
    return close === -1 ? text.length : close + 1;
  }
  // One native search each: the value is consumed (the scan resumes past it), so no character is searched twice.
  return searchFrom(wholeLine ? LINE_VALUE_ENDS : VALUE_ENDS, text, v, text.length);
}

/** SQL `IDENTIFIED BY 'x'` and `PASSWORD 'x'`, and .netrc's `login NAME password X`. */
function sqlAndNetrc(text: string, out: Range[]): void {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('identified'); at !== -1 && !exhausted(out); at = lower.indexOf('identified', at + 10)) {
    const by = /^identified\s+(?:with\s+\S+\s+)?by\s+(?:password\s+)?/.exec(lower.slice(at, at + 80));
    if (by) at = Math.max(at, wordValue(text, at + by[0].length, out) - 10);
  }
  for (let at = lower.indexOf('password'); at !== -1 && !exhausted(out); at = lower.indexOf('password', at + 8)) {
    if (at > 0 && NAME_CHAR.test(text[at - 1]!)) continue;
    judged += 1;
    const gap = /^password\s+/.exec(lower.slice(at, at + 24));
    if (!gap) continue;
    const v = at + gap[0].length;
    const quoted = text[v] === "'" || text[v] === '"';
    const netrc = /\b(?:login|user)\s+\S+\s+$/.test(lower.slice(Math.max(0, at - MAX_NAME * 2), at));
    if (quoted || netrc) at = Math.max(at, wordValue(text, v, out) - 8);
  }
}

/** Hides the word or quoted string at `v` unless harmless; returns where it ends, so the scan resumes there. */
function wordValue(text: string, v: number, out: Range[]): number {
  judged += 1;
  const end = valueEnd(text, v, false);
  const quoted = text[v] === "'" || text[v] === '"';
  const value = quoted ? text.slice(v + 1, end - 1) : text.slice(v, end);
  if (value && !harmlessValue(value)) out.push(quoted ? [v + 1, end - 1] : [v, end]);
  return end;
}

/** Token shapes, tried at the start of every run of token characters. */
/**
 * Token shapes, tried at the start of every run of token characters and after
 * each `-`, `.` or `_` inside one, so a token glued to a prefix (`api-glpat-…`,
 * `deploy.ghp_…`) is found too (after the first MAX_GLUED of them in one run);
 * a shape found resumes the search past it.
 */
function shapes(text: string, out: Range[]): void {
  const runs = /[A-Za-z0-9_][A-Za-z0-9_.-]{7,}/g;
  for (let m = runs.exec(text); m && !exhausted(out); m = runs.exec(text)) {
    const run = m[0];
    const end = m.index + run.length;
    const after = text.slice(end, end + 16);
    let glued = 0;
    for (let k = 0; k < run.length - 7; k += 1) {
      if (k > 0 && (!GLUE.includes(run[k - 1]!) || ++glued > MAX_GLUED)) continue;
      const n = shapeAt(k === 0 ? run : run.slice(k), after);
      if (n === 0) continue;
      out.push([m.index + k, m.index + k + n]);
      k += n - 1;
    }
  }
}
const GLUE = '-._';
/** Glued positions tried per run: a dotted or dashed name has a few; a megabyte of `ghp_ghp_…` has 262,144. */
const MAX_GLUED = 256;

/** The text with every range replaced by `mark` (ranges may overlap or nest). */
export function applyRanges(text: string, ranges: Range[], mark: string): string {
  if (ranges.length === 0) return text;
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [s, e] of sorted) {
    if (e <= last) continue;
    out += text.slice(last, Math.max(s, last)) + (s >= last ? mark : '');
    last = e;
  }
  return out + text.slice(last);
}
