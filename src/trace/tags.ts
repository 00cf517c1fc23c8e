import { fail, ok, quote, type Result } from '../errors.ts';

/**
 * Tags are `key=value`, or `key|value` as the seed's vscli wrote them. The
 * first separator splits, so values may contain `=` or `|` themselves.
 */
export function parseTag(raw: string): Result<[string, string]> {
  const eq = raw.indexOf('=');
  const bar = raw.indexOf('|');
  const cut = eq === -1 ? bar : bar === -1 ? eq : Math.min(eq, bar);
  if (cut === -1) return fail('BAD_TAG', `invalid tag ${quote(raw)}: write it as key=value (or key|value)`);
  const key = raw.slice(0, cut).trim();
  if (key === '') return fail('BAD_TAG', `invalid tag ${quote(raw)}: the key is empty; write it as key=value`);
  return ok([key, raw.slice(cut + 1)]);
}

export function parseTags(raws: readonly string[]): Result<Record<string, string>> {
  // No prototype: `--tag __proto__=x` is a tag like any other.
  const tags = Object.create(null) as Record<string, string>;
  for (const raw of raws) {
    const parsed = parseTag(raw);
    if (!parsed.ok) return parsed;
    tags[parsed.value[0]] = parsed.value[1];
  }
  return ok(tags);
}
