import { resolveSettings } from '../../config/resolve.ts';
import { parentShell } from '../../context/parent-process.ts';
import { describe, orThrow, VstraceError } from '../../errors.ts';
import { Redactor } from '../../redact/redact.ts';
import { findSpanRecords } from '../../store/lookup.ts';
import { isMarkedOpen, markEnded, openMarks, startedBy } from '../../store/open-marks.ts';
import { dropNestedCpu } from '../../store/nested-cpu.ts';
import { queueRecorded } from '../../export/deliver.ts';
import { appendSpan } from '../../store/writer.ts';
import type { Env } from '../../trace/carrier.ts';
import { isValidSpanId } from '../../trace/ids.ts';
import { exportLines, innermostOpen, liveState, readShellState } from '../../trace/shell-stack.ts';
import { closeSpan, parseEndStatus } from '../../trace/span-lifecycle.ts';
import type { Attributes, SpanRecord } from '../../trace/span.ts';
import { nowUs } from '../../system/clock.ts';
import { parseTags } from '../../trace/tags.ts';
import { formatDuration } from '../../view/format.ts';
import { warn } from '../../warn.ts';
import { isDeploymentType } from '../../trace/deployment.ts';

export interface EndOptions {
  status?: string;
  exitCode?: number;
  tag: string[];
  /** Given at the end as vscli does: recorded when the start did not say. */
  env?: string;
  reason?: string;
  /** Print the shell's state after the end (the previous TRACEPARENT restored) for eval. */
  export?: boolean;
  attributes?: Attributes;
  /** The error message to record instead of "exit code N". */
  message?: string;
  /** Start time for a span this store never saw start (a CI run span ending on another machine). */
  fallback?: () => SpanRecord | undefined;
  /** An earlier start learnt afterwards (a CI job's start from the provider's API, before the step that started its span). */
  startUs?: number;
}

/**
 * The newest open span of "this shell": the innermost one its variables name
 * (after `eval "$(vstrace start --export)"`), or one that this same shell
 * process (pid and start time) started without eval — whichever started
 * last, so a script's own plain `start` wins over a span its caller's shell
 * exported to it.
 */
function shellsInnermost(home: string, fromVariables: string | undefined): string | undefined {
  const shell = parentShell();
  return openMarks(home).find((m) => m.spanId === fromVariables || startedBy(m, shell))?.spanId ?? fromVariables;
}

/**
 * `vstrace end [id]`: append the ended copy of an open span. With no id, the
 * innermost span this shell started that is still open: from VSTRACE_SPAN and
 * its stack after `eval "$(vstrace start --export)"`, else the newest span
 * started by this same shell process (`vstrace start` without eval).
 * Ending a span twice records nothing and says so; an unknown id is an error.
 */
export function endCommand(id: string | undefined, options: EndOptions, env: Env): string {
  const tags = orThrow(parseTags(options.tag));
  const status = options.status === undefined ? undefined : orThrow(parseEndStatus(options.status));
  const settings = resolveSettings({}, env);
  const home = settings.store.home;
  const isOpen = (spanId: string) => isMarkedOpen(home, spanId);
  const state = readShellState(env);
  const target = id?.trim().toLowerCase() ?? shellsInnermost(home, innermostOpen(state, isOpen));
  if (target === undefined) {
    throw new VstraceError('NOT_FOUND', 'no open span in this shell to end: give its id (vstrace end <id>), or start one with eval "$(vstrace start --export)"');
  }
  if (!isValidSpanId(target)) throw new VstraceError('USAGE', `"${id}" is not a span id: give the 16-hex id vstrace start printed`);

  const { open, ended } = findSpanRecords(home, target, true);
  if (ended) {
    markEnded(home, target);
    warn(`span ${target} was already ended at ${new Date(Math.floor(ended.endUs! / 1000)).toISOString()}; nothing recorded`);
  } else {
    const recorded = open ?? options.fallback?.();
    const started = recorded && options.startUs !== undefined && options.startUs < recorded.startUs ? { ...recorded, startUs: options.startUs } : recorded;
    if (!started) throw new VstraceError('NOT_FOUND', `no span ${target} in the local store: check the id (vstrace ls, vstrace show) and VSTRACE_HOME`);
    const redactor = new Redactor(settings.redact.patterns);
    const endUs = nowUs();
    // start and end are two processes' wall clocks: a clock stepped back between them (NTP, a VM resumed) would make time run backwards.
    if (endUs < started.startUs) warn(`the clock is ${formatDuration(started.startUs - endUs)} behind the start of span ${target}; its end is recorded at its start (duration 0)`);
    const span = closeSpan(started, {
      endUs,
      ...(status ? { status: status.status } : {}),
      ...(options.exitCode !== undefined ? { exitCode: options.exitCode } : {}),
      ...(options.message ? { message: options.message } : {}),
      tags: redactor.tags(tags),
      ...(options.attributes ? { attributes: options.attributes } : {}),
      deployment: isDeploymentType(String(started.attributes['vstrace.type'] ?? ''), settings.deployment.types),
      ...(options.reason ? { reason: redactor.text(options.reason) } : {}),
      ...(options.env ? { environment: redactor.text(options.env) } : {}),
    });
    try {
      appendSpan(home, span);
    } catch (error) {
      throw new VstraceError('STORE', `could not record the end of span ${target}: ${describe(error)}`);
    }
    markEnded(home, target);
    dropNestedCpu(home, target);
    // Queued for the backend with a detached flusher started; `end` does not wait for delivery.
    queueRecorded(settings, span, env);
  }
  return options.export ? exportLines(liveState(state, isOpen)) : '';
}
