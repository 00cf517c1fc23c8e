import { spanIdFrom } from './hash.ts';
import { isValidSpanId } from './ids.ts';

/**
 * vscli event ids → vstrace span ids. An id vstrace printed (16 hex) is used
 * as is; any other id a script chose (a uuid, a build number) is hashed to a
 * span id, the same one every time, so `end -event-id=<it>` finds the span
 * `start -event-id=<it>` recorded. The original is kept as `vstrace.event.id`.
 */
export function eventSpanId(eventId: string): string {
  const id = eventId.trim();
  return isValidSpanId(id.toLowerCase()) ? id.toLowerCase() : spanIdFrom(`vscli-event:${id}`);
}

/**
 * ValueStream's parent reference `vstrace-customhttp-<type>-<namespace>-<id>`
 * (what the seed's script builds for -parent-event-id), or a bare id.
 * Type and namespace are single words; the id may contain dashes (a uuid).
 */
const CUSTOM_HTTP = /^vstrace-customhttp-[^-]+-[^-]+-(.+)$/;

export function parentEventId(ref: string): string {
  const m = CUSTOM_HTTP.exec(ref.trim());
  return m ? m[1]! : ref.trim();
}
