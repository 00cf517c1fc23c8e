/**
 * Secrets in free text (one argument, a config value, a whole shell line),
 * found by scanners that each walk the text once and report what to hide as
 * ranges: private key blocks, URLs (password, token user, webhook and bot
 * paths, query parameters), `name=value` and `Name: value` pairs judged by
 * name and value, SQL and .netrc passwords, and token shapes. No scanner
 * backtracks: each looks back or ahead a bounded distance from a separator it
 * found, and resumes after what it consumed, so the cost is linear in the text.
 */
import { MAX_NAME, secretName, type Strength } from './names.ts';
import { shapeAt } from './shapes.ts';
import { harmlessValue, looksRandom } from './values.ts';
import { REDACTED } from './rules.ts';

export type Range = [start: number, end: number];

export function textRanges(text: string): Range[] {
  const out: Range[] = [];
  if (text.length < 8 && !/[=:]/.test(text)) return out;
  keyBlocks(text, out);
  urls(text, out);
  pairs(text, out);
  if (/\s/.test(text)) sqlAndNetrc(text, out);
  shapes(text, out);
  return out;
}

/** Whether a value in a position of this strength is to be hidden. */
export function secretValue(value: string, strength: Strength): boolean {
  return strength === 'strong' ? !harmlessValue(value) : looksRandom(value);
}

// -----BEGIN … PRIVATE KEY----- and -----BEGIN PGP PRIVATE KEY BLOCK-----: the body, to the END line or the end of the text.
const KEY_HEADER = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
function keyBlocks(text: string, out: Range[]): void {
  for (let at = text.indexOf('-----BEGIN '); at !== -1; at = text.indexOf('-----BEGIN ', at + 1)) {
    KEY_HEADER.lastIndex = at;
    if (!KEY_HEADER.test(text)) continue;
    const end = text.indexOf('-----END ', KEY_HEADER.lastIndex);
    out.push([KEY_HEADER.lastIndex, end === -1 ? text.length : end]);
    if (end === -1) return;
    at = end;
  }
}

const URL_END = /[\s"'<>`]/;
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

function urls(text: string, out: Range[]): void {
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    let s = at;
    while (s > 0 && at - s < 32 && SCHEME_CHAR.test(text[s - 1]!)) s -= 1;
    if (s === at) continue;
    let end = at + 3;
    while (end < text.length && !URL_END.test(text[end]!)) end += 1;
    url(text, at + 3, end, out);
    at = Math.max(at, end - 3);
  }
  // Oracle JDBC: jdbc:oracle:thin:user/password@host
  for (let at = text.indexOf(':thin:'); at !== -1; at = text.indexOf(':thin:', at + 6)) {
    let end = at + 6;
    while (end < text.length && !URL_END.test(text[end]!) && text[end] !== '@') end += 1;
    const slash = text.indexOf('/', at + 6);
    if (text[end] === '@' && slash !== -1 && slash < end) out.push([slash + 1, end]);
    at = Math.max(at, end - 6);
  }
}

/** One URL from its authority (`start`, after `://`) to `end`. */
function url(text: string, start: number, end: number, out: Range[]): void {
  let hostEnd = start;
  while (hostEnd < end && !'/?#'.includes(text[hostEnd]!)) hostEnd += 1;
  const at = text.lastIndexOf('@', hostEnd - 1);
  let hostStart = start;
  if (at >= start) {
    hostStart = at + 1;
    const colon = text.indexOf(':', start);
    if (colon !== -1 && colon < at) {
      if (colon + 1 < at) out.push([colon + 1, at]);
    } else if (tokenUser(text.slice(start, at))) out.push([start, at]);
  }
  const host = text.slice(hostStart, hostEnd).replace(/:\d+$/, '');
  const pathEnd = (() => {
    let i = hostEnd;
    while (i < end && text[i] !== '?' && text[i] !== '#') i += 1;
    return i;
  })();
  for (const p of PATH_SECRETS) {
    if (!p.host.test(host) || !text.startsWith(p.prefix, hostEnd)) continue;
    const from = hostEnd + p.prefix.length;
    const slash = p.segment ? text.indexOf('/', from) : -1;
    out.push([from, slash !== -1 && slash < pathEnd ? slash : pathEnd]);
    break;
  }
  // Query and fragment parameters: ?token=…&sig=…#access_token=…
  let i = pathEnd;
  while (i < end) {
    const nameStart = i + 1;
    let eq = nameStart;
    while (eq < end && text[eq] !== '=' && text[eq] !== '&' && text[eq] !== '#') eq += 1;
    let valueEnd = eq < end && text[eq] === '=' ? eq + 1 : eq;
    while (valueEnd < end && text[valueEnd] !== '&' && text[valueEnd] !== '#') valueEnd += 1;
    if (text[eq] === '=' && eq - nameStart <= MAX_NAME) {
      const strength = queryName(text.slice(nameStart, eq));
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
const VALUE_END = /[\s,;&"'`)}\]<>|]/;
const AUTH_SCHEME = /^(?:bearer|basic|token|digest|negotiate|apikey|api-key|sso-key|key|bot|oauth|hmac|gitlab-ci-token|aws4-hmac-sha256)\s+/i;

/**
 * `name=value`, `name: value`, `"name": "value"`, `name = "value"`: the name is
 * read back from the separator (at most MAX_NAME characters, a quoted name or
 * a run of name characters), the value forward to its end (a closing quote,
 * or a delimiter). Only a secret name makes the scan read the value.
 */
function pairs(text: string, out: Range[]): void {
  const separators = /[=:]/g;
  for (let m = separators.exec(text); m; m = separators.exec(text)) {
    const sep = m.index;
    if (text[sep + 1] === '/' && text[sep + 2] === '/') continue;
    const name = nameBefore(text, sep);
    if (!name) continue;
    const header = text[sep] === ':';
    const strength = secretName(name, header ? 'header' : 'name');
    if (!strength) continue;
    let v = sep + 1;
    while (v < text.length && (text[v] === ' ' || text[v] === '\t')) v += 1;
    if (text.startsWith(REDACTED, v)) continue;
    const scheme = AUTH_SCHEME.exec(text.slice(v, v + 40));
    if (scheme && strength === 'strong') v += scheme[0].length;
    const end = valueEnd(text, v, header && /cookie/i.test(name));
    const quoted = text[v] === '"' || text[v] === "'";
    const value = text.slice(quoted ? v + 1 : v, quoted ? end - 1 : end);
    if (value && secretValue(value, strength)) out.push(quoted ? [v + 1, end - 1] : [v, end]);
    separators.lastIndex = Math.max(sep + 1, end);
  }
}

/** The name that ends just before a separator, quotes and blanks allowed around it. */
function nameBefore(text: string, sep: number): string | undefined {
  let e = sep;
  while (e > 0 && sep - e < 8 && (text[e - 1] === ' ' || text[e - 1] === '\t')) e -= 1;
  const quote = text[e - 1];
  if (quote === '"' || quote === "'") {
    const open = text.lastIndexOf(quote, e - 2);
    return open !== -1 && e - open <= MAX_NAME ? text.slice(open + 1, e - 1) : undefined;
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
  let e = v;
  if (wholeLine) {
    while (e < text.length && text[e] !== '\n' && text[e] !== '"' && text[e] !== "'") e += 1;
    return e;
  }
  while (e < text.length && !VALUE_END.test(text[e]!)) e += 1;
  return e;
}

/** SQL `IDENTIFIED BY 'x'` and `PASSWORD 'x'`, and .netrc's `login NAME password X`. */
function sqlAndNetrc(text: string, out: Range[]): void {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('identified'); at !== -1; at = lower.indexOf('identified', at + 10)) {
    const by = /^identified\s+(?:with\s+\S+\s+)?by\s+(?:password\s+)?/.exec(lower.slice(at, at + 80));
    if (by) at = Math.max(at, wordValue(text, at + by[0].length, out) - 10);
  }
  for (let at = lower.indexOf('password'); at !== -1; at = lower.indexOf('password', at + 8)) {
    if (at > 0 && NAME_CHAR.test(text[at - 1]!)) continue;
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
  const end = valueEnd(text, v, false);
  const quoted = text[v] === "'" || text[v] === '"';
  const value = quoted ? text.slice(v + 1, end - 1) : text.slice(v, end);
  if (value && !harmlessValue(value)) out.push(quoted ? [v + 1, end - 1] : [v, end]);
  return end;
}

/** Token shapes, tried at the start of every run of token characters. */
function shapes(text: string, out: Range[]): void {
  const runs = /[A-Za-z0-9_][A-Za-z0-9_.-]{7,}/g;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    const end = m.index + m[0].length;
    const n = shapeAt(m[0], text.slice(end, end + 16));
    if (n > 0) out.push([m.index, m.index + n]);
  }
}

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
