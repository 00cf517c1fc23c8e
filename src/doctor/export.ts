import { plural } from '../plural.ts';
import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import type { ExportSettings, Settings } from '../config/schema.ts';
import { loadChunk } from '../chunks.ts';
import type { Check } from './check.ts';
import { Redactor } from '../redact/redact.ts';
import type * as ExportChunk from '../export/drain-all.ts';
import { describeDestination, resolveDestination, type Destination } from '../export/destination.ts';
import { hintFor } from '../export/error-hints.ts';
import { listQueued, listQueues, readDestination } from '../export/spool.ts';
import { readState } from '../export/state.ts';
import { readTlsFiles } from '../export/tls-files.ts';

/**
 * Export's part of `vstrace doctor`: is export configured sensibly, is the
 * spool draining (backlog, drops by the caps, the last error), and does the
 * backend accept a span from here right now — one real test span, timed.
 */
type Probe = typeof ExportChunk.probeDestination;
const loadProbe = (): Probe => loadChunk<typeof ExportChunk>('export').probeDestination;

export async function exportChecks(settings: Settings, probe: () => Probe = loadProbe): Promise<Check[]> {
  const { check, destination: d } = configurationCheck(settings.export);
  const checks: Check[] = [check, spoolCheck(settings.store.home)];
  if (d?.kind === 'file') {
    const writable = canWrite(dirname(d.path));
    checks.push({
      name: 'export reachable',
      ok: writable,
      detail: writable ? `${d.path} is writable` : `cannot write in ${dirname(d.path)}`,
      ...(writable ? {} : { fix: 'point VSTRACE_EXPORT_FILE at a writable path' }),
    });
  }
  if (d?.kind === 'otlp') {
    const result = await probe()(d, { ...new Redactor(settings.redact.patterns).tags(settings.resourceAttributes), 'service.name': settings.service });
    checks.push(
      result.ok
        ? { name: 'export reachable', ok: true, detail: `${describeDestination(d)} accepted a test span in ${result.ms} ms (trace ${result.traceId})` }
        : { name: 'export reachable', ok: false, detail: `${describeDestination(d)}: ${result.error} (after ${result.ms} ms)`, fix: fixFor(result.error) },
    );
  }
  return checks;
}

/** The destination, when the settings make one; a broken one is a failed check, and nothing is sent to it. */
function configurationCheck(settings: ExportSettings): { check: Check; destination?: Destination } {
  const name = 'export configuration';
  const resolved = resolveDestination(settings);
  if (!resolved.ok) return { check: { name, ok: false, detail: resolved.error.message, fix: 'fix the setting named above, or --exporter none for local only' } };
  const d = resolved.value;
  // The exporter reads these when it is made: a missing one fails every export alike.
  const tls = d.kind === 'otlp' ? readTlsFiles(d) : undefined;
  if (tls && !tls.ok) return { check: { name, ok: false, detail: `${describeDestination(d)}: ${tls.error.message}`, fix: fixFor(tls.error.message) } };
  return { check: { name, ok: true, detail: d.kind === 'none' ? 'no exporter: spans stay in the local store' : describeDestination(d) }, destination: d };
}

function spoolCheck(home: string): Check {
  let queued = 0;
  let dropped = 0;
  const failing: string[] = [];
  for (const queue of listQueues(home)) {
    const n = listQueued(queue).length;
    const state = readState(queue);
    queued += n;
    dropped += state.dropped;
    if (n > 0 && state.lastAttempt && !state.lastAttempt.ok) {
      const d = readDestination(queue);
      failing.push(`${d ? describeDestination(d) : queue}: ${state.lastAttempt.error ?? 'failed'}`);
    }
  }
  const detail = [`${plural(queued, 'span')} queued`, `${dropped} dropped by the caps`, ...failing.map((f) => `failing ${f}`)].join('; ');
  if (failing.length > 0) return { name: 'export spool', ok: false, detail, fix: `vstrace flush --wait, once the backend is reachable${hintFor(failing.join(' '))}` };
  if (dropped > 0) return { name: 'export spool', ok: false, detail, fix: 'spans were lost to the spool caps: raise export.spool.maxSizeMb / maxAgeDays, or keep the backend reachable' };
  return { name: 'export spool', ok: true, detail };
}

function fixFor(error: string): string {
  const hint = hintFor(error)
    .trim()
    .replace(/^\(|\)$/g, '');
  return hint || 'check the endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), protocol and headers; vstrace flush shows the same error';
}

function canWrite(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
