import { describe, expect, it } from 'vitest';
import { jsonForScript, visible } from '../../src/report/escape.ts';
import { spanDetail } from '../../src/report/span-detail.ts';
import { makeSpan } from '../support/spans.ts';

const S = 1e6;

describe('a span’s detail panel', () => {
  const span = makeSpan({ trace: 't1', span: 's1', parent: 'p1', type: 'test', startUs: 10 * S, durationUs: 2 * S, exit: 2, tags: { team: 'core' }, cpu: [1.25, 0.004] });
  span.attributes['vstrace.cpu.nested_vstrace_seconds'] = 0.3;
  span.attributes['process.command_args'] = ['npm', 'run', 'test:unit', '--', 'it’s here'];
  span.attributes['process.owner'] = 'dev';
  span.resource = { ...span.resource, 'cicd.pipeline.run.url.full': 'https://ci.example.com/runs/7', 'cicd.pipeline.task.run.url.full': 'javascript:alert(1)', 'vcs.ref.head.name': 'main' };
  const groups = Object.fromEntries(spanDetail(span, 9 * S, 1.5 * S, 0).map(([title, rows]) => [title, rows]));

  it('groups what ran, how it ended, where, and its git and CI context', () => {
    expect(Object.keys(groups)).toEqual(['Span', 'Command', 'Tags', 'Host and user', 'Git', 'CI', 'All attributes']);
    expect(groups.Span).toEqual(
      expect.arrayContaining([
        ['status', 'error: exit code 2'],
        ['duration', '2.00s'],
        ['critical path', "1.50s of the trace's time waited on this span's own work"],
        ['span id', '00000000000000s1'],
        ['parent id', '00000000000000p1'],
      ]),
    );
    expect(groups.Command).toEqual(
      expect.arrayContaining([
        ['command', "npm run test:unit -- 'it’s here'"],
        ['exit code', '2'],
      ]),
    );
    expect(groups.Tags).toEqual([['team', 'core']]);
    expect(groups['Host and user']).toEqual([
      ['host', 'ci-1'],
      ['user', 'dev'],
    ]);
    expect(groups.Git).toEqual([['branch', 'main']]);
  });

  it('links only web addresses', () => {
    expect(groups.CI).toEqual([
      ['run link', 'https://ci.example.com/runs/7', 'https://ci.example.com/runs/7'],
      ['job link', 'javascript:alert(1)'],
    ]);
  });

  it('shows control characters and bidi overrides instead of letting them act, and cuts huge values', () => {
    expect(visible('a\u001b[31mb\u0000c\u202ed\te\nf')).toBe('a\\x1b[31mb\\x00c\\u202ed\te\nf');
    const long = makeSpan({ trace: 't2', span: 's2', startUs: 0, durationUs: 1 });
    long.attributes.note = 'x'.repeat(5000);
    const [, rows] = spanDetail(long, 0, 0, 0).find(([title]) => title === 'Tags')!;
    expect(rows[0]![1]).toBe(`${'x'.repeat(2000)}… (3,000 more characters)`);
  });

  it('embeds as JSON that cannot close its script element', () => {
    expect(jsonForScript({ n: '</script><!--' })).toBe('{"n":"\\u003c/script\\u003e\\u003c!--"}');
  });
});
