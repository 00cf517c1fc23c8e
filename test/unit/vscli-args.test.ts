import { describe, expect, it } from 'vitest';
import { parseEventArgs } from '../../src/cli/vscli-args.ts';
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
      action: 'start', tags: ['source|gcloud', 'service|api'], type: 'pipeline', error: false, export: false,
    });
  });

  it('flags on both sides of the action', () => {
    const args = parse('-type=build', '-tag=type|docker', 'start', '-parent-event-id=vstrace-customhttp-pipeline-default-53995c3f42cd8ad8');
    expect(args).toMatchObject({ action: 'start', type: 'build', tags: ['type|docker'], parentEventId: 'vstrace-customhttp-pipeline-default-53995c3f42cd8ad8' });
    expect(parse('-type=build', 'end', '-event-id=abc')).toMatchObject({ action: 'end', eventId: 'abc' });
  });

  it('two dashes, values as the next word, and the failure flags vscli lacked', () => {
    expect(parse('--type', 'deploy', 'end', '--event-id', 'x1', '-error', '--exit-code=3')).toMatchObject({
      action: 'end', type: 'deploy', eventId: 'x1', error: true, exitCode: 3,
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
});

describe('vscli event ids', () => {
  it('a 16-hex id vstrace printed is the span id; any other id hashes to the same span id every time', () => {
    expect(eventSpanId('53995C3F42CD8AD8')).toBe('53995c3f42cd8ad8');
    const uuid = '3f0d8c2e-4b1a-4e8f-9d6c-2a7b5e1f0c9d';
    expect(eventSpanId(uuid)).toMatch(/^[0-9a-f]{16}$/);
    expect(eventSpanId(uuid)).toBe(eventSpanId(uuid));
    expect(eventSpanId(uuid)).not.toBe(eventSpanId(`${uuid}x`));
  });

  it('parents: the seed\'s vstrace-customhttp-<type>-<namespace>-<id> form, or a bare id', () => {
    expect(parentEventId('vstrace-customhttp-pipeline-default-53995c3f42cd8ad8')).toBe('53995c3f42cd8ad8');
    expect(parentEventId('vstrace-customhttp-pipeline-default-3f0d8c2e-4b1a-4e8f-9d6c-2a7b5e1f0c9d')).toBe('3f0d8c2e-4b1a-4e8f-9d6c-2a7b5e1f0c9d');
    expect(parentEventId('53995c3f42cd8ad8')).toBe('53995c3f42cd8ad8');
  });
});
