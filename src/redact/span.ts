import type { Attributes, AttrValue, SpanRecord } from '../trace/span.ts';
import type { Redactor } from './redact.ts';
import { secretHeader } from './names.ts';
import { REDACTED } from './rules.ts';

/** Where the semantic conventions put headers and gRPC metadata: `http.request.header.authorization`. */
const HEADER_KEY = /^(?:http\.(?:request|response)\.header|rpc\.[a-z]+\.(?:request|response)\.metadata)\.(?<name>.+)$/;

/** Attributes that hold a whole command line, or its argv, rather than one value. */
const COMMAND_LINE = new Set(['process.command_line', 'process.command']);
const COMMAND_ARGS = new Set(['process.command_args', 'process.argv']);

function redactValue(redactor: Redactor, key: string, value: AttrValue): AttrValue {
  const header = HEADER_KEY.exec(key)?.groups?.name;
  if (header !== undefined && secretHeader(header)) return Array.isArray(value) ? value.map(() => REDACTED) : typeof value === 'string' ? REDACTED : value;
  if (COMMAND_ARGS.has(key) && Array.isArray(value)) return redactor.argv(value);
  if (typeof value === 'string') return COMMAND_LINE.has(key) ? redactor.commandLine(value) : withKey(redactor, header ?? key, value);
  if (Array.isArray(value)) return value.map((v) => withKey(redactor, header ?? key, v));
  return value;
}

/**
 * A value judged with its key when the key names a secret (`db.password=…` is
 * one where `…` alone may not look like one), else alone: the rules then skip
 * a short plain value at once, which most attributes of a busy receiver are.
 */
const withKey = (redactor: Redactor, key: string, value: string): string => (secretHeader(key) ? redactor.text(`${key}=${value}`).slice(key.length + 1) : redactor.text(value));

/**
 * What a batch of spans shares, redacted once: the spans of one resource share
 * its attributes object, and an attribute (`http.request.method=GET`) repeats
 * from span to span. Per batch, so it stays small.
 */
export interface RedactionMemo {
  resources: WeakMap<Attributes, Attributes>;
  values: Map<string, AttrValue>;
}

export const newRedactionMemo = (): RedactionMemo => ({ resources: new WeakMap(), values: new Map() });

/** Values this long are not remembered: they rarely repeat, and a memo of them would be a copy of the batch. */
const MEMO_MAX_LENGTH = 200;

export function redactAttributes(redactor: Redactor, attributes: Attributes, memo?: RedactionMemo): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!memo || typeof value !== 'string' || value.length > MEMO_MAX_LENGTH) {
      out[key] = redactValue(redactor, key, value);
      continue;
    }
    const id = `${key}\u0000${value}`;
    let redacted = memo.values.get(id);
    if (redacted === undefined) memo.values.set(id, (redacted = redactValue(redactor, key, value)));
    out[key] = redacted;
  }
  return out;
}

/**
 * A span another program made (received by `serve`, read by `import`),
 * redacted as vstrace's own spans are before it is stored: its attributes and
 * its resource's (the SDKs put `process.command_args` there), headers by name,
 * URLs and free text by the rules, its name and status message as text.
 */
export function redactSpan(redactor: Redactor, span: SpanRecord, memo?: RedactionMemo): SpanRecord {
  let resource = memo?.resources.get(span.resource);
  if (!resource) {
    resource = redactAttributes(redactor, span.resource, memo);
    memo?.resources.set(span.resource, resource);
  }
  return {
    ...span,
    name: redactor.text(span.name),
    status: span.status.message === undefined ? span.status : { code: span.status.code, message: redactor.text(span.status.message) },
    attributes: redactAttributes(redactor, span.attributes, memo),
    resource,
    ...(span.events ? { events: span.events.map((e) => ({ name: redactor.text(e.name), timeUs: e.timeUs, attributes: redactAttributes(redactor, e.attributes, memo) })) } : {}),
  };
}
