import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/report/data.ts';
import { renderReport } from '../../src/report/index.ts';

const DAY = 86_400e6;

describe('the report page', () => {
  const data: ReportData = {
    generatedUs: 30 * DAY,
    fromUs: 0,
    toUs: 30 * DAY,
    days: 30,
    bucket: 'day',
    types: [],
    traces: [],
  };

  it('places the sections other commands contribute (the delivery figures) after the charts, title escaped, body as given', () => {
    const html = renderReport({ ...data, sections: [{ id: 'delivery', title: 'Delivery <DORA>', html: '<table class="dora"><tr><td>4/day</td></tr></table>' }] });
    expect(html).toContain('<section class="extra" id="delivery"><h2>Delivery &lt;DORA&gt;</h2><table class="dora"><tr><td>4/day</td></tr></table></section>');
    expect(html.indexOf('id="delivery"')).toBeLessThan(html.indexOf('<h2>Recent traces</h2>'));
  });

  it('has no section of its own when nobody contributes one', () => {
    expect(renderReport(data)).not.toContain('class="extra"');
  });
});
