import { fail, ok, quote, type Result } from '../errors.ts';

/**
 * The grammar of the seed's `vscli event` (ValueStream's CLI, written with Go's
 * flag package): long flags with one dash or two, `-flag=value` or
 * `-flag value`, repeatable `-tag='key|value'`, and the action word `start`
 * or `end` anywhere among them — the seed writes flags on both sides of it.
 * vstrace adds `-error`, `-exit-code` and `-status` to record how a span ended,
 * and `-name`, `-service`, `-env`, `-reason` and `-export` as `vstrace start` has them.
 */
export interface EventArgs {
  action: 'start' | 'end';
  type?: string;
  name?: string;
  service?: string;
  /** deployment.environment.name, and why (`-env`, `-reason`: vstrace's, for deployments). */
  env?: string;
  reason?: string;
  tags: string[];
  eventId?: string;
  parentEventId?: string;
  error: boolean;
  exitCode?: number;
  status?: string;
  export: boolean;
}

type Spec = { key: keyof EventArgs; kind: 'value' | 'list' | 'flag' | 'int' };

const FLAGS: Record<string, Spec> = {
  type: { key: 'type', kind: 'value' },
  name: { key: 'name', kind: 'value' },
  service: { key: 'service', kind: 'value' },
  env: { key: 'env', kind: 'value' },
  reason: { key: 'reason', kind: 'value' },
  tag: { key: 'tags', kind: 'list' },
  'event-id': { key: 'eventId', kind: 'value' },
  'parent-event-id': { key: 'parentEventId', kind: 'value' },
  error: { key: 'error', kind: 'flag' },
  'exit-code': { key: 'exitCode', kind: 'int' },
  status: { key: 'status', kind: 'value' },
  export: { key: 'export', kind: 'flag' },
};

export const EVENT_USAGE = 'usage: vstrace event [-type=T] [-tag=key|value]… [-env=E] [-reason=TEXT] [-event-id=ID] [-parent-event-id=ID] [-error] [-exit-code=N] start|end';

export function parseEventArgs(args: readonly string[]): Result<EventArgs> {
  const parsed: Partial<EventArgs> & { tags: string[] } = { tags: [], error: false, export: false };
  const values = parsed as Record<string, unknown>;
  const bad = (why: string) => fail('USAGE', `${why}; ${EVENT_USAGE}`);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === 'start' || arg === 'end') {
      if (parsed.action && parsed.action !== arg) return bad(`both start and end given`);
      parsed.action = arg;
      continue;
    }
    const m = /^--?([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) return bad(`unexpected ${quote(arg)}`);
    const [, flag, inline] = m as unknown as [string, string, string | undefined];
    const spec = FLAGS[flag];
    if (!spec) return bad(`unknown flag "-${flag}"`);
    if (spec.kind === 'flag') {
      if (inline !== undefined && !/^(true|false|1|0)$/i.test(inline)) return bad(`-${flag} takes no value (or =true/=false)`);
      values[spec.key] = inline === undefined || /^(true|1)$/i.test(inline);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) return bad(`-${flag} needs a value`);
    if (spec.kind === 'list') parsed.tags.push(value);
    else if (spec.kind === 'int') {
      if (!/^\d{1,3}$/.test(value) || Number(value) > 255) return bad(`-${flag} must be a whole number 0-255, not ${quote(value)}`);
      values[spec.key] = Number(value);
    } else values[spec.key] = value;
  }
  if (!parsed.action) return bad('say start or end');
  return ok(parsed as EventArgs);
}
