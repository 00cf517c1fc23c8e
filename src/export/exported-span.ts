import type { ExportSettings } from '../config/schema.ts';
import { REDACTED } from '../redact/rules.ts';
import type { SpanRecord } from '../trace/span.ts';

/**
 * What leaves the machine (export.commandArgs, export.tags); the local store
 * always keeps the redacted span. `redacted` exports the span as stored;
 * `executable` drops the arguments for their count (`process.args_count`, the
 * OpenTelemetry name), `process.executable.name` staying; `keys` keeps each
 * tag's name and hides every value; `full` exports the arguments and tags as
 * the run was given them — known only to the process that ran the command, so
 * a span recorded elsewhere (vstrace end, a make recipe, the action) exports
 * as stored.
 */
export interface Unredacted {
  argv: readonly string[];
  tags: Readonly<Record<string, string>>;
}

export function exportedSpan(span: SpanRecord, how: Pick<ExportSettings, 'commandArgs' | 'tags'>, original?: Unredacted): SpanRecord {
  if (how.commandArgs === 'redacted' && how.tags === 'redacted') return span;
  const attributes = { ...span.attributes };
  const args = attributes['process.command_args'];
  if (Array.isArray(args) && how.commandArgs === 'executable') {
    delete attributes['process.command_args'];
    attributes['process.args_count'] = args.length;
  }
  if (Array.isArray(args) && how.commandArgs === 'full' && original) attributes['process.command_args'] = [...original.argv];
  for (const [key, value] of Object.entries(original?.tags ?? {})) {
    if (!(key in attributes)) continue;
    if (how.tags === 'keys') attributes[key] = REDACTED;
    else if (how.tags === 'full') attributes[key] = value;
  }
  return { ...span, attributes };
}
