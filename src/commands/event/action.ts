import type { EventArgs } from '../../trace/vscli-grammar.ts';
import { resolveSettings } from '../../config/resolve.ts';
import { orThrow, VstraceError } from '../../errors.ts';
import { findSpanRecords } from '../../store/lookup.ts';
import type { Env } from '../../trace/carrier.ts';
import { eventSpanId, parentEventId } from '../../trace/event-ids.ts';
import { parseParentRef } from '../../trace/parent.ts';
import { endCommand } from '../end/action.ts';
import { startCommand } from '../start/action.ts';

/**
 * `vstrace event` (and `vscli event`): the seed's vscli semantics on top of
 * start/end. `start` prints the event id — the one given with -event-id, or
 * the new span's id — which is what the seed's scripts capture and pass back.
 */
export function eventCommand(args: EventArgs, env: Env): string {
  const common = { tag: args.tags, export: args.export, ...(args.env !== undefined ? { env: args.env } : {}), ...(args.reason !== undefined ? { reason: args.reason } : {}) };
  const spanId = args.eventId === undefined ? undefined : orThrow(eventSpanId(args.eventId));
  if (args.action === 'end') {
    return endCommand(
      spanId,
      {
        ...common,
        ...(args.error ? { status: 'error' } : args.status !== undefined ? { status: args.status } : {}),
        ...(args.exitCode !== undefined ? { exitCode: args.exitCode } : {}),
      },
      env,
    );
  }
  if (spanId) {
    const { open, ended } = findSpanRecords(resolveSettings({}, env).store.home, spanId);
    if (open || ended) throw new VstraceError('USAGE', `event ${args.eventId} was already started (span ${spanId}): give a new -event-id`);
  }
  const parent = args.parentEventId === undefined ? undefined : orThrow(parentEventId(args.parentEventId));
  const printed = startCommand(
    {
      ...common,
      ...(args.type ? { type: args.type } : {}),
      ...(args.name ? { name: args.name } : {}),
      ...(args.service ? { service: args.service } : {}),
      ...(parent !== undefined ? { parent: parseParentRef(parent).ok ? parent : orThrow(eventSpanId(parent, '-parent-event-id')) } : {}),
      ...(spanId ? { spanId } : {}),
      ...(args.eventId && args.eventId !== spanId ? { attributes: { 'vstrace.event.id': args.eventId } } : {}),
    },
    env,
  );
  return args.export || args.eventId === undefined ? printed : args.eventId;
}
