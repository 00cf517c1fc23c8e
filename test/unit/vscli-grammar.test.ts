import { describe, expect, it } from 'vitest';
import { parseEventArgs } from '../../src/trace/vscli-grammar.ts';
import type { Result } from '../../src/errors.ts';
import { eventSpanId, parentEventId } from '../../src/trace/event-ids.ts';

const parse = (...args: string[]) => {
  const r = parseEventArgs(args);
  if (!r.ok) throw r.error;
  return r.value;
};
const problem = (...args: string[]) => {
  const r = parseEventArgs(args);
  return r.ok ? undefined : r.error.message;
};

describe("vscli event grammar (the seed's lines, as the shell hands them over)", () => {
  it('flags before the action, single dash, repeated tags with key|value', () => {
    expect(parse('-tag=source|gcloud', '-tag=service|api', '-type=pipeline', 'start')).toEqual({
      action: 'start',
      tags: ['source|gcloud', 'service|api'],
      type: 'pipeline',
      error: false,
      export: false,
    });
  });

  it('flags on both sides of the action', () => {
    const args = parse('-type=build', '-tag=type|docker', 'start', '-parent-event-id=vstrace-customhttp-pipeline-default-53995c3f42cd8ad8');
    expect(args).toMatchObject({ action: 'start', type: 'build', tags: ['type|docker'], parentEventId: 'vstrace-customhttp-pipeline-default-53995c3f42cd8ad8' });
    expect(parse('-type=build', 'end', '-event-id=abc')).toMatchObject({ action: 'end', eventId: 'abc' });
  });

  it('two dashes, values as the next word, and the failure flags vscli lacked', () => {
    expect(parse('--type', 'deploy', 'end', '--event-id', 'x1', '-error', '--exit-code=3')).toMatchObject({
      action: 'end',
      type: 'deploy',
      eventId: 'x1',
      error: true,
      exitCode: 3,
    });
    expect(parse('end', '-error=false', '-status', 'ok')).toMatchObject({ error: false, status: 'ok' });
  });

  it('refuses what it does not understand, with the usage line', () => {
    expect(problem('-type=build')).toMatch(/say start or end; usage: vstrace event/);
    expect(problem('start', 'end')).toMatch(/both start and end/);
    expect(problem('-colour=red', 'start')).toMatch(/unknown flag "-colour"/);
    expect(problem('start', '-type')).toMatch(/-type needs a value/);
    expect(problem('end', '-exit-code=256')).toMatch(/0-255/);
    expect(problem('end', '-error=yes')).toMatch(/takes no value/);
    expect(problem('start', 'now')).toMatch(/unexpected "now"/);
  });

  it('shows an odd word on one line, escaped, whatever it holds', () => {
    expect(problem('start', 'x\ny\u001b[31m')).toMatch(/^unexpected "x\\ny\\u001b\[31m"; usage: /);
    expect(problem('end', '-exit-code=1\n2')).toMatch(/^-exit-code must be a whole number 0-255, not "1\\n2"; usage: /);
    expect(problem('start', 'x\ny')).not.toContain('\n');
  });
});

describe('vscli event ids', () => {
  /** The id, or the error's message. */
  const shown = (r: Result<string>) => (r.ok ? r.value : r.error.message);
  const span = (eventId: string) => shown(eventSpanId(eventId));
  const parent = (ref: string) => shown(parentEventId(ref));

  it('a 16-hex id vstrace printed is the span id; any other id hashes to the same span id every time', () => {
    expect(span('53995C3F42CD8AD8')).toBe('53995c3f42cd8ad8');
    const uuid = '3f0d8c2e-4b1a-4e8f-9d6c-2a7b5e1f0c9d';
    expect(span(uuid)).toMatch(/^[0-9a-f]{16}$/);
    expect(span(uuid)).toBe(span(uuid));
    expect(span(uuid)).not.toBe(span(`${uuid}x`));
  });

  it("parents: the seed's vstrace-customhttp-<type>-<namespace>-<id> form, or a bare id", () => {
    expect(parent('vstrace-customhttp-pipeline-default-53995c3f42cd8ad8')).toBe('53995c3f42cd8ad8');
    expect(parent('vstrace-customhttp-pipeline-default-3f0d8c2e-4b1a-4e8f-9d6c-2a7b5e1f0c9d')).toBe('3f0d8c2e-4b1a-4e8f-9d6c-2a7b5e1f0c9d');
    expect(parent('53995c3f42cd8ad8')).toBe('53995c3f42cd8ad8');
  });

  it("an empty id (what the seed's script passes when an earlier start failed) is said to be empty, never hashed", () => {
    const fix = 'give the id "vscli event … start" printed (a script passes an empty one when that start failed)';
    expect(eventSpanId('')).toMatchObject({ ok: false, error: { code: 'USAGE', message: `-event-id is empty: ${fix}` } });
    expect(span('  ')).toBe(`-event-id is empty: ${fix}`);
    expect(parent('')).toBe(`-parent-event-id is empty: ${fix}`);
    expect(parent('vstrace-customhttp-pipeline-default-')).toBe(`-parent-event-id "vstrace-customhttp-pipeline-default-" has an empty id: ${fix}`);
  });
});
