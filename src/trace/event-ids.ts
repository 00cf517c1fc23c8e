import { fail, ok, quote, type Result } from '../errors.ts';
import { spanIdFrom } from './hash.ts';
import { isValidSpanId } from './ids.ts';

/**
 * An empty id is refused rather than hashed: the seed's script passes
 * `-event-id=` (or `…-default-` as a parent) when the start that should have
 * printed the id failed, and a hash of nothing would be reported as an
 * unknown span ("no span 20af…"), hiding the real cause.
 */
const EMPTY_FIX = 'give the id "vscli event … start" printed (a script passes an empty one when that start failed)';

/**
 * vscli event ids → vstrace span ids. An id vstrace printed (16 hex) is used
 * as is; any other id a script chose (a uuid, a build number) is hashed to a
 * span id, the same one every time, so `end -event-id=<it>` finds the span
 * `start -event-id=<it>` recorded. The original is kept as `vstrace.event.id`.
 */
export function eventSpanId(eventId: string, flag = '-event-id'): Result<string> {
  const id = eventId.trim();
  if (id === '') return fail('USAGE', `${flag} is empty: ${EMPTY_FIX}`);
  return ok(isValidSpanId(id.toLowerCase()) ? id.toLowerCase() : spanIdFrom(`vscli-event:${id}`));
}

/**
 * ValueStream's parent reference `vstrace-customhttp-<type>-<namespace>-<id>`
 * (what the seed's script builds for -parent-event-id), or a bare id.
 * Type and namespace are single words; the id may contain dashes (a uuid).
 */
const CUSTOM_HTTP = /^vstrace-customhttp-[^-]+-[^-]+-(.*)$/s;

export function parentEventId(ref: string): Result<string> {
  const trimmed = ref.trim();
  const id = CUSTOM_HTTP.exec(trimmed)?.[1]?.trim() ?? trimmed;
  if (id === '') return fail('USAGE', `-parent-event-id${trimmed === '' ? '' : ` ${quote(trimmed)}`} ${trimmed === '' ? 'is empty' : 'has an empty id'}: ${EMPTY_FIX}`);
  return ok(id);
}
