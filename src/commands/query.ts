import { resolveSettings } from '../config/settings.ts';
import { VstraceError } from '../errors.ts';
import { readSpans } from '../store/reader.ts';
import type { Env } from '../trace/carrier.ts';
import { groupTraces, newestFirst, type TraceSummary } from '../trace/traces.ts';
import { warn } from '../warn.ts';

/** All traces in the store, newest first; unreadable lines are reported once per file, never fatal. */
export function loadTraces(env: Env, sinceUs?: number): TraceSummary[] {
  const { home } = resolveSettings({}, env).store;
  const spans = readSpans(home, {
    ...(sinceUs !== undefined ? { sinceUs } : {}),
    onSkipped: (file, lines) => warn(`skipped ${lines} unreadable line${lines === 1 ? '' : 's'} in ${file}`),
  });
  return groupTraces(spans).sort(newestFirst);
}

/** `last`, a full trace id, or an unambiguous prefix of one (as `ls` prints). */
export function pickTrace(traces: readonly TraceSummary[], ref: string): TraceSummary {
  if (ref === 'last') {
    const last = traces[0];
    if (!last) throw new VstraceError('NOT_FOUND', 'the store has no traces yet: record one with vstrace run -- <command>');
    return last;
  }
  const wanted = ref.toLowerCase();
  if (!/^[0-9a-f]{4,32}$/.test(wanted)) throw new VstraceError('USAGE', `"${ref}" is not a trace id: give "last", a 32-hex trace id or a prefix of one from vstrace ls`);
  const matches = traces.filter((t) => t.traceId.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new VstraceError('NOT_FOUND', `no trace ${ref} in the store (list them with vstrace ls)`);
  throw new VstraceError('USAGE', `"${ref}" matches ${matches.length} traces: give more of the id`);
}
