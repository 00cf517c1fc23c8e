import { readFileSync } from 'node:fs';
import { loadChunk } from '../../chunks.ts';
import { resolveSettings } from '../../config/resolve.ts';
import { describe, quote, VstraceError } from '../../errors.ts';
import type * as ReceiveChunk from '../../receive/index.ts';
import { Redactor } from '../../redact/redact.ts';
import { SpanIngest } from '../../store/ingest.ts';
import { decodeRequest } from '../../store/otlp-json.ts';
import { keepStorable, parseSpanText, type SpanFile } from '../../store/span-file.ts';
import type { Env } from '../../trace/carrier.ts';
import { plural } from '../../plural.ts';

const NOT_SPANS = 'give a spans.jsonl artifact (the file exporter), OTLP/JSON lines (the Collector file exporter) or an OTLP protobuf ExportTraceServiceRequest';
/** Rejected lines named in the summary; the count says how many more. */
const SHOWN_REJECTS = 5;

/** A file (or `-`, standard input) read whole: OTLP/JSON text, else an OTLP protobuf request. */
function readSpanFile(file: string): SpanFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    throw new VstraceError('NOT_FOUND', `cannot read ${quote(file)}: ${describe(error)}`);
  }
  const text = bytes.toString('utf8');
  if (/^\s*\{/.test(text)) {
    const parsed = parseSpanText(text);
    if (parsed) return parsed;
    throw new VstraceError('USAGE', `${quote(file)} is not a spans file: no line of it is an OTLP/JSON trace export; ${NOT_SPANS}`);
  }
  if (bytes.length > 0 && !bytes.subarray(0, 512).includes(0) && /^[\x09\x0a\x0d\x20-\x7e]*$/.test(text.slice(0, 512))) {
    throw new VstraceError('USAGE', `${quote(file)} is not a spans file: it is text but not OTLP/JSON; ${NOT_SPANS}`);
  }
  try {
    const { protobufRequestAsJson } = loadChunk<typeof ReceiveChunk>('receive');
    const out: SpanFile = { spans: [], rejected: [] };
    keepStorable(
      decodeRequest(protobufRequestAsJson(bytes), (reason) => out.rejected.push({ line: 1, reason })),
      1,
      out,
    );
    if (out.spans.length + out.rejected.length > 0) return out;
  } catch {
    /* said below */
  }
  throw new VstraceError('USAGE', `${quote(file)} is not a spans file: ${bytes.length === 0 ? 'it is empty' : 'neither OTLP/JSON nor an OTLP protobuf trace export'}; ${NOT_SPANS}`);
}

/**
 * `vstrace import <file…>`: spans written elsewhere (a CI job's artifact,
 * another machine's store, a Collector's file) into the local store, checked
 * and redacted as `serve` does. Idempotent: a span the store already holds
 * (same trace and span id) is skipped, so importing a file twice stores it
 * once. Every file is read before anything is stored: one that is not spans
 * stops the import with nothing written.
 */
export function importCommand(files: readonly string[], env: Env): string {
  const parsed = files.map((file) => ({ file, ...readSpanFile(file) }));
  const settings = resolveSettings({}, env);
  const ingest = new SpanIngest(settings.store.home, new Redactor(settings.redact.patterns));
  const lines: string[] = [];
  for (const { file, spans, rejected } of parsed) {
    let count: ReturnType<SpanIngest['store']>;
    try {
      count = ingest.store(spans);
    } catch (error) {
      throw new VstraceError('STORE', `could not write to the store ${settings.store.home}: ${describe(error)}`);
    }
    const refused = [...rejected.map((r) => `line ${r.line}: ${r.reason}`), ...count.reasons];
    const total = rejected.length + count.rejected;
    const shown = refused.slice(0, SHOWN_REJECTS).join('; ');
    lines.push(
      `${file === '-' ? 'stdin' : file}: ${plural(count.stored, 'span')} imported, ${count.duplicates} already in the store, ${total} rejected${total > 0 ? ` (${shown}${refused.length > SHOWN_REJECTS ? '; …' : ''})` : ''}`,
    );
  }
  return lines.join('\n');
}
