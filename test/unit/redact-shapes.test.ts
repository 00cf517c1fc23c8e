import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redact.ts';
import { REDACTED } from '../../src/redact/rules.ts';
import { TOKEN_SHAPES } from '../../src/redact/shapes.ts';

/** Every entry of the token-shape table, by its own example: hidden alone, inside a line and after `=`; a cut-short copy is not a token. */
const r = new Redactor();

describe('token shapes (src/redact/shapes.ts), one test per entry', () => {
  it('the table has every shape the issue names', () => {
    const names = TOKEN_SHAPES.map((s) => s.name).join('\n');
    for (const kind of ['Shopify', 'Grafana service account', 'Docker Hub', 'Hugging Face', 'Atlassian', 'Terraform Cloud', 'Twilio', 'Slack app', 'Mailgun']) expect(names).toContain(kind);
  });

  it.each(TOKEN_SHAPES.map((s) => [s.name, s] as const))('%s: its example is hidden wherever it stands', (_, s) => {
    expect(s.pattern.test(s.example)).toBe(true);
    expect(r.text(s.example)).toBe(REDACTED);
    expect(r.text(`echo ${s.example} done`)).toBe(`echo ${REDACTED} done`);
    expect(r.argv(['tool', s.example])).toEqual(['tool', REDACTED]);
    expect(r.text(`api-${s.example}`)).toBe(`api-${REDACTED}`);
  });

  it.each(TOKEN_SHAPES.map((s) => [s.name, s] as const))('%s: its first seven characters alone are not a token', (_, s) => {
    const stub = s.example.slice(0, 7);
    expect(r.text(`x ${stub} y`)).toBe(`x ${stub} y`);
  });
});
