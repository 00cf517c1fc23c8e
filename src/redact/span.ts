import type { Attributes, AttrValue, SpanRecord } from '../trace/span.ts';
import type { Redactor } from './redact.ts';
import { REDACTED, SECRET_HEADER } from './rules.ts';

/** Where the semantic conventions put headers and gRPC metadata: `http.request.header.authorization`. */
const HEADER_KEY = /^(?:http\.(?:request|response)\.header|rpc\.[a-z]+\.(?:request|response)\.metadata)\.(?<name>.+)$/;

/** Attributes that hold a whole command line, or its argv, rather than one value. */
const COMMAND_LINE = new Set(['process.command_line', 'process.command']);
const COMMAND_ARGS = new Set(['process.command_args', 'process.argv']);

function redactValue(redactor: Redactor, key: string, value: AttrValue): AttrValue {
  const header = HEADER_KEY.exec(key)?.groups?.name;
  if (header !== undefined && SECRET_HEADER.test(header)) return Array.isArray(value) ? value.map(() => REDACTED) : typeof value === 'string' ? REDACTED : value;
  if (COMMAND_ARGS.has(key) && Array.isArray(value)) return redactor.argv(value);
  if (typeof value === 'string') {
    if (COMMAND_LINE.has(key)) return redactor.commandLine(value);
    // with its key, as tags are: `password=…` is a secret where `…` alone may not look like one
    return redactor.text(`${header ?? key}=${value}`).slice((header ?? key).length + 1);
  }
  if (Array.isArray(value)) return value.map((v) => redactor.text(`${header ?? key}=${v}`).slice((header ?? key).length + 1));
  return value;
}

export function redactAttributes(redactor: Redactor, attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = redactValue(redactor, key, value);
  return out;
}

/**
 * A span another program made (received by `serve`, read by `import`),
 * redacted as vstrace's own spans are before it is stored: its attributes and
 * its resource's (the SDKs put `process.command_args` there), headers by name,
 * URLs and free text by the rules, its name and status message as text.
 */
export function redactSpan(redactor: Redactor, span: SpanRecord): SpanRecord {
  return {
    ...span,
    name: redactor.text(span.name),
    status: span.status.message === undefined ? span.status : { code: span.status.code, message: redactor.text(span.status.message) },
    attributes: redactAttributes(redactor, span.attributes),
    resource: redactAttributes(redactor, span.resource),
  };
}
