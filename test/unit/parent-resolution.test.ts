import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ciContext, ciIds } from '../../src/ci/context.ts';
import { parentWarning, resolveParent } from '../../src/context/parent-span.ts';
import { defaultSettings } from '../../src/config/schema.ts';
import { markOpen } from '../../src/store/open-marks.ts';
import { CI_ENVS } from '../support/ci-envs.ts';
import { tempDir } from '../support/env.ts';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const OUTER = `00-${T}-00f067aa0ba902b7-01`;
const STARTED = 'aaaaaaaaaaaaaaaa';

let home = '';
let cleanup = () => {};
beforeEach(() => ({ path: home, cleanup } = tempDir()));
afterEach(() => cleanup());
const settings = (detect = true) => ({ ...defaultSettings({ VSTRACE_HOME: home }), ci: { detect } });

describe('where a new span hangs (run, start, event)', () => {
  const ci = CI_ENVS.gitlab_ci!('a');
  const job = ciIds(ciContext(ci)!, ci)!;

  it('inside CI with no parent: the job span of the run, with the CI attributes', () => {
    const r = resolveParent(undefined, ci, settings());
    expect(r.parent).toEqual({ traceId: job.traceId, spanId: job.jobSpanId, flags: '01' });
    expect(r.ci?.attributes['cicd.pipeline.run.id']).toBe('1234567');
  });

  it('ci.detect off: nothing derived, nothing recorded about CI', () => {
    expect(resolveParent(undefined, ci, settings(false))).toEqual({});
  });

  it('TRACEPARENT, then --parent, win over the derived parent', () => {
    expect(resolveParent(undefined, { ...ci, TRACEPARENT: OUTER }, settings()).parent?.spanId).toBe('00f067aa0ba902b7');
    expect(resolveParent(`00-${T}-1111111111111111-01`, { ...ci, TRACEPARENT: OUTER }, settings()).parent?.spanId).toBe('1111111111111111');
  });

  it('a broken TRACEPARENT inside CI falls back to the job span, and the warning says so; a bad --parent is left to the caller', () => {
    const broken = resolveParent(undefined, { ...ci, TRACEPARENT: 'garbage' }, settings());
    expect(broken.parent).toEqual({ traceId: job.traceId, spanId: job.jobSpanId, flags: '01' });
    expect(parentWarning(broken, 'run')).toMatch(/^TRACEPARENT: invalid traceparent "garbage".*; this run hangs under the CI job's span instead$/);
    const flagged = resolveParent('garbage', ci, settings());
    expect(flagged.parent).toBeUndefined();
    expect(parentWarning(flagged, 'span')).toMatch(/; this span starts a new trace$/);
    expect(resolveParent(undefined, { TRACEPARENT: 'garbage' }, settings()).parent).toBeUndefined(); // outside CI: a new trace, as before
  });

  it('a started span that has ended is skipped for the frame below it; an open one is the parent', () => {
    const shell = { TRACEPARENT: `00-${T}-${STARTED}-01`, VSTRACE_SPAN: STARTED, VSTRACE_STACK: `_:${OUTER}` };
    expect(resolveParent(undefined, shell, settings()).parent?.spanId).toBe('00f067aa0ba902b7');
    markOpen(home, { spanId: STARTED, traceId: T, ppid: 1, startUs: 1 });
    expect(resolveParent(undefined, shell, settings()).parent?.spanId).toBe(STARTED);
  });
});
