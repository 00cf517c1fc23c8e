/**
 * The make group's watcher (dist/make-watch.js), started detached by the
 * first recipe line of a make (make-group.ts): it waits for make to be gone,
 * then records the make span from the ledger its lines left, queues it for
 * export like any span, and removes the ledger. Polling is the one portable
 * way to learn that a process which is not our child has exited.
 */
import { unlinkSync } from 'node:fs';
import { ciContext } from '../ci/context.ts';
import { resolveSettings } from '../config/resolve.ts';
import { queueRecorded } from '../export/deliver.ts';
import { readStoreText } from '../fs/store-read.ts';
import { Redactor } from '../redact/redact.ts';
import { appendSpan } from '../store/writer.ts';
import { buildMakeSpan, parseLedger } from '../trace/make-span.ts';
import { defaultSpanName } from '../trace/naming.ts';
import { VERSION } from '../version.ts';
import { readGitInfo } from './git.ts';
import { readHostInfo } from './host.ts';

const POLL_MS = 100;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function recordMakeSpan(home: string, ledger: string): void {
  const parsed = parseLedger(readStoreText(ledger));
  unlinkSync(ledger);
  if (!parsed || parsed.lines.length === 0) return;
  const env = process.env;
  const settings = resolveSettings({}, env, parsed.header.cwd);
  const redactor = new Redactor(settings.redact.patterns);
  const git = readGitInfo(parsed.header.cwd);
  const ci = settings.ci.detect ? ciContext(env) : undefined;
  const span = buildMakeSpan({
    header: parsed.header,
    lines: parsed.lines,
    name: defaultSpanName(parsed.header.argv, settings.defaultType, settings.nameTemplate),
    ...(settings.defaultType ? { type: settings.defaultType } : {}),
    service: settings.service,
    host: readHostInfo(env),
    ...(git ? { git } : {}),
    resource: redactor.tags({ ...settings.resourceAttributes, ...ci?.attributes }),
    version: VERSION,
  });
  appendSpan(home, span);
  queueRecorded(settings, span, env);
}

const [home, ledger, pidText] = process.argv.slice(2);
const pid = Number(pidText);
// Holding make's directory would keep a file system busy after make is done with it.
process.chdir('/');
if (home && ledger && Number.isInteger(pid) && pid > 1) {
  const timer = setInterval(() => {
    if (alive(pid)) return;
    clearInterval(timer);
    try {
      recordMakeSpan(home, ledger);
    } catch {
      // nothing to say to anyone: stdio is closed
    }
  }, POLL_MS);
}
