import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendSpan } from '../../src/store/writer.ts';
import { vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { makeSpan } from '../support/spans.ts';

const store = useTempStore();
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts', import.meta.url));
const S = 1e6;
const now = Date.now() * 1000;
const HOSTILE = `deploy: echo "</script><script>window.__pwned=1</script>" <img src=x onerror=alert(1)>`;

/** Two weeks of pipelines (build, test, deploy), some failing, and one trace whose name tries to break out of the page. */
function seed(home: string) {
  for (let d = 0; d < 14; d++) {
    for (let k = 0; k < 3; k++) {
      const trace = `${d.toString(16)}${k}`.padStart(4, '0');
      const start = now - (d + 0.2 + k * 0.1) * 86_400e6;
      const fail = (d + k) % 7 === 0;
      appendSpan(
        home,
        makeSpan({ trace, span: `${trace}1`, parent: `${trace}0`, type: 'build', name: 'build: docker build .', startUs: start + S, durationUs: (60 + d * 3 + k * 7) * S, cpu: [30, 4] }),
      );
      appendSpan(
        home,
        makeSpan({ trace, span: `${trace}2`, parent: `${trace}0`, type: 'test', name: 'test: npm test', startUs: start + 70 * S, durationUs: (40 + k * 5) * S, ...(fail ? { exit: 1 } : {}) }),
      );
      appendSpan(home, makeSpan({ trace, span: `${trace}0`, type: 'pipeline', name: `pipeline: ci.sh #${d}${k}`, startUs: start, durationUs: 200 * S, ...(fail ? { exit: 1 } : {}) }));
    }
  }
  appendSpan(home, makeSpan({ trace: 'bad0', span: 'bad0', type: 'deploy', name: HOSTILE, startUs: now - 60 * S, durationUs: 5 * S }));
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('vstrace report', () => {
  it('writes one self-contained page: summary, charts per type, traces whose waterfall opens on click', async () => {
    seed(store.home);
    const out = join(store.dir, 'report.html');
    const r = vstraceSync(['report', '--since', '30d', '--out', out], { env: store.env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Wrote .*report\.html: 4 types, 43 recent traces\./);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//); // nothing fetched
    expect(html).not.toContain('</script><script>window.__pwned');
    expect(html).not.toContain('<img src=x');

    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (req) => !req.url().startsWith('file:') && problems.push(`fetched ${req.url()}`));
    await page.goto(`file://${out}`);

    expect(await page.locator('#summary tbody tr').count()).toBe(4);
    expect(await page.locator('#summary tbody tr td:first-child').allTextContents()).toEqual(['build', 'pipeline', 'test', 'deploy']);
    expect(await page.locator('section.card svg.chart').count()).toBe(8); // a histogram and a trend per type
    expect(await page.locator('section.card[data-type="build"] svg.chart rect.bar').count()).toBe(24);
    expect(await page.locator('section.card[data-type="build"] svg.chart polyline.p50').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // the hostile name is shown as text, exactly
    const first = page.locator('#traces tbody tr').first();
    expect(await first.locator('td').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('.wf-row').count()).toBe(0);

    await page.locator('#traces tbody tr').nth(1).click();
    await page.waitForSelector('#waterfall .wf-row');
    expect(await page.locator('#waterfall .wf-row').count()).toBe(3);
    expect(await page.locator('#waterfall .wf-name').first().textContent()).toMatch(/^pipeline: ci\.sh #0/);
    expect(await page.locator('#waterfall .wf-bar').count()).toBe(3);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    await first.click();
    await page.waitForSelector('#waterfall h3');
    expect(await page.locator('#waterfall h3').textContent()).toBe(HOSTILE);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
