import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendSpan } from '../../src/store/writer.ts';
import { CI_ENVS } from '../support/ci-envs.ts';
import { bashSync, BIN_DIR, vstraceSync } from '../support/cli.ts';
import { type RecordedDeployment, expectedKeys, recordDeployments } from '../support/deployment-history.ts';
import { cleanEnv, tempDir } from '../support/env.ts';
import { makeSpan } from '../support/spans.ts';

const S = 1e6;
/** The screenshots the docs show: rewritten from this test's own page when UPDATE_SCREENSHOTS=1, never otherwise. */
const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/report.png', import.meta.url));
const DOCS_DELIVERY_SCREENSHOT = fileURLToPath(new URL('../../docs/report-delivery.png', import.meta.url));
const DAY_US = 86_400e6;
const now = Date.now() * 1000;
const HOSTILE = `release: echo "</script><script>window.__pwned=1</script>" <img src=x onerror=alert(1)>`;
/** A tag value with markup, an escape sequence and a right-to-left override: shown as text, the controls made visible. */
const HOSTILE_TAG = '<b onmouseover=alert(1)>x</b>\u001b[31mred\u202e';
const HOSTILE_TAG_SHOWN = '<b onmouseover=alert(1)>x</b>\\x1b[31mred\\u202e';

/** Two weeks of pipelines (build, test), some failing, a make, and one release whose name tries to break out of the page. */
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
  // a make of 200 steps in a row: every step is on the critical path, none decides 1 % of it, so they fold
  const makeStart = now - 2 * 3600 * S;
  for (let i = 0; i < 200; i++) appendSpan(home, makeSpan({ trace: 'fa11', span: `a${i}`, parent: 'a', type: 'make', name: `make: step ${i}`, startUs: makeStart + i * S, durationUs: S }));
  appendSpan(home, makeSpan({ trace: 'fa11', span: 'a', type: 'make', name: 'make: all', startUs: makeStart, durationUs: 200 * S }));
  appendSpan(home, makeSpan({ trace: 'bad0', span: 'bad0', type: 'release', name: HOSTILE, startUs: now - 60 * S, durationUs: 5 * S, service: 'payments-api' }));
}

/**
 * One trace recorded for real, as a GitLab job in a git checkout: lint and
 * build in parallel, then a test that fails. The build (1 s) outlasts the
 * lint (0.1 s), so the critical path is root → build → test; on a machine
 * loaded enough to start the lint a second late it is the lint's, and the
 * test checks the rule against the times recorded.
 */
function recordRealTrace(dir: string, env: Record<string, string>): { revision: string; lintEndsLast: boolean } {
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'feature/login');
  git('-c', 'user.email=dev@example.com', '-c', 'user.name=dev', 'commit', '-q', '--allow-empty', '-m', 'init');
  const revision = git('rev-parse', 'HEAD');
  const ci = { ...CI_ENVS.gitlab_ci!('a'), CI_COMMIT_REF_NAME: 'feature/login', CI_COMMIT_SHA: revision };
  const script = `vstrace run --type pipeline --tag team=payments --tag "note=$NOTE" --name 'ci: checks' -- bash -c 'vstrace run --type lint -- sleep 0.1 & vstrace run --type build -- sleep 1; wait; vstrace run --type test -- sh -c "exit 3"'`;
  const r = bashSync(script, { ...env, ...ci, NOTE: HOSTILE_TAG, PATH: `${BIN_DIR}:${env.PATH}` }, repo);
  expect(r).toMatchObject({ status: 3, stderr: '' });
  const { spans } = JSON.parse(vstraceSync(['show', 'last', '--json'], { env }).stdout) as { spans: Array<{ name: string; endUs: number }> };
  const end = (name: string) => spans.find((s) => s.name === name)!.endUs;
  return { revision, lintEndsLast: end('lint: sleep') > end('build: sleep') };
}

let browser: Browser;
let dir: { path: string; cleanup: () => void };
let out: string;
let revision: string;
let lintEndsLast: boolean;
let wrote: ReturnType<typeof vstraceSync>;
let deployments: RecordedDeployment[];
/** When the report was written: its period is the 30 days before. */
let reportUs: number;

beforeAll(async () => {
  dir = tempDir('vstrace-report-');
  const home = join(dir.path, 'store');
  const env = cleanEnv({ VSTRACE_HOME: home });
  seed(home);
  ({ revision, lintEndsLast } = recordRealTrace(dir.path, env));
  deployments = recordDeployments(join(dir.path, 'deploys'), env, home);
  out = join(dir.path, 'report.html');
  reportUs = Date.now() * 1000;
  wrote = vstraceSync(['report', '--since', '30d', '--out', out], { env: { ...env, VSTRACE_UI_URL: 'http://jaeger.example.com:16686' } });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  dir?.cleanup();
});

/** The deployments that ended in the report's period, and the traces it lists: the seeded 45 and one per deployment. */
const inPeriod = () => deployments.filter((d) => d.endUs >= reportUs - 30 * DAY_US);
const traces = () => 45 + inPeriod().length;

/** The report in a fresh page, with every console error, page error and request that is not the file itself collected. */
async function open(width: number, deviceScaleFactor = 1): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 }, deviceScaleFactor });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (req) => !req.url().startsWith('file:') && problems.push(`fetched ${req.url()}`));
  await page.goto(`file://${out}`);
  return { page, problems };
}

/** The detail panel's rows as label → value (links as their text), per group. */
async function detailOf(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.locator('#waterfall .span-detail').evaluate((box) => {
    const groups: Record<string, Record<string, string>> = {};
    for (const group of box.querySelectorAll('.group')) {
      const title = group.querySelector('h5, summary')!.textContent!.replace(/ \(\d+\)$/, '');
      const rows: Record<string, string> = {};
      const cells = [...group.querySelectorAll('dt, dd')];
      for (let i = 0; i < cells.length; i += 2) rows[cells[i]!.textContent!] = cells[i + 1]!.textContent!;
      groups[title] = rows;
    }
    return groups;
  });
}

describe('vstrace report', () => {
  it('writes one self-contained page: summary, charts per type, traces whose waterfall opens on click', async () => {
    expect(wrote.stderr).toBe('');
    expect(wrote.stdout).toMatch(new RegExp(`^Wrote .*report\\.html: 7 types, ${traces()} recent traces\\.`));
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//); // nothing fetched
    expect(html).not.toContain('</script><script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b onmouseover');

    const { page, problems } = await open(1400);
    expect(await page.locator('#summary tbody tr td:first-child').allTextContents()).toEqual(['make', 'build', 'pipeline', 'test', 'deploy', 'lint', 'release']);
    expect(await page.locator('section.card svg.chart').count()).toBe(14); // a histogram and a trend per type
    expect(await page.locator('section.card[data-type="build"] svg.chart rect.bar').count()).toBe(24);
    expect(await page.locator('section.card[data-type="build"] svg.chart polyline.p50').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // the hostile name is shown as text, exactly
    const hostile = page.locator('#traces tbody tr', { hasText: 'release: echo' });
    expect(await hostile.locator('td').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('.wf-row').count()).toBe(0);

    await page.locator('#traces tbody tr', { hasText: 'pipeline: ci.sh #00' }).click();
    await page.waitForSelector('#waterfall .wf-row');
    expect(await page.locator('#waterfall .wf-row').count()).toBe(3);
    expect(await page.locator('#waterfall .wf-name').first().textContent()).toMatch(/^pipeline: ci\.sh #0/);
    expect(await page.locator('#waterfall .wf-bar').count()).toBe(3);

    // a long chain folds, and the folded row still shows the critical path running through it
    await page.locator('#traces tbody tr', { hasText: 'make: all' }).click();
    const folded = page.locator('#waterfall .wf-row', { has: page.locator('.wf-bar.folded') });
    expect(await page.locator('#waterfall .wf-row').count()).toBeLessThan(12);
    expect(await folded.count()).toBe(1);
    expect(await folded.locator('.wf-name').textContent()).toBe('⋯ 195 more like make: step 3');
    expect(await folded.locator('.wf-crit').count()).toBe(1); // 195 sections, drawn as one line

    await hostile.click();
    await page.waitForSelector('#waterfall h3');
    expect(await page.locator('#waterfall h3').textContent()).toBe(HOSTILE);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('clicking a trace, then a span, shows that span’s attributes, status and timings; failed spans are red; the critical path is drawn', async () => {
    const { page, problems } = await open(1400);
    await page.locator('#traces tbody tr', { hasText: 'ci: checks' }).click();
    const rows = page.locator('#waterfall .wf-row');
    // lint and build start at once: which row comes first is the machine's call, so rows are taken by name
    const drawn = Object.fromEntries(
      await rows.evaluateAll((els) =>
        els.map((r) => {
          const red = (e: Element) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color].includes('rgb(220, 38, 38)');
          return [r.querySelector('.wf-name')!.textContent!, { failed: red(r.querySelector('.wf-bar')!) && red(r.querySelector('.wf-name')!), critical: r.querySelectorAll('.wf-crit').length > 0 }];
        }),
      ),
    );
    // failed: the bar and the name in the error colour; the root waited for the test, and before it for whichever of lint and build ended last (the build, unless the machine delayed the lint by a second)
    expect(drawn).toEqual({
      'ci: checks ✗ exit 3': { failed: true, critical: true },
      'lint: sleep': { failed: false, critical: lintEndsLast },
      'build: sleep': { failed: false, critical: !lintEndsLast },
      'test: sh ✗ exit 3': { failed: true, critical: true },
    });
    expect(await page.locator('#waterfall .span-detail').textContent()).toBe('');
    // export.uiUrl set: the trace links to the user's tracing UI (Jaeger's trace path by default)
    const traceId = await page.locator('#traces tbody tr', { hasText: 'ci: checks' }).locator('td').first().getAttribute('title');
    expect(await page.locator('#waterfall .sub a').getAttribute('href')).toBe(`http://jaeger.example.com:16686/trace/${traceId}`);

    await rows.filter({ hasText: 'test: sh' }).click();
    const test = await detailOf(page);
    expect(await page.locator('#waterfall .span-detail h4').textContent()).toBe('test: sh  ✗ exit 3');
    expect(test.Span).toMatchObject({ status: 'error: exit code 3', type: 'test', service: 'vstrace' });
    expect(test.Span!.duration).toMatch(/^\d+(\.\d+)?(µs|ms|s)$/);
    expect(test.Span!.starts).toMatch(/^\+\d+\.\d+s into the trace · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(test.Span!['critical path']).toMatch(/of the trace's time waited on this span's own work$/);
    expect(test.Command).toMatchObject({ command: "sh -c 'exit 3'", 'exit code': '3', directory: join(dir.path, 'repo') });
    // CPU is measured where the system tells a child's usage (Linux); the ps fallbacks macOS uses cannot, and the panel shows none.
    if (process.env.VSTRACE_PLATFORM === 'portable') expect(test.Command!.cpu).toBeUndefined();
    else expect(test.Command!.cpu).toMatch(/^(<10ms|\d+ms) user, (<10ms|\d+ms) system$/);
    expect(test['Host and user']).toMatchObject({ host: hostname(), user: userInfo().username });
    expect(test.Git).toMatchObject({ branch: 'feature/login', revision });
    expect(test.CI).toMatchObject({ provider: 'gitlab_ci', run: '1234567', 'run link': 'https://gitlab.com/valuestream/api/-/pipelines/1234567', job: 'build' });
    expect(await page.locator('#waterfall .span-detail a', { hasText: '/pipelines/1234567' }).getAttribute('href')).toBe('https://gitlab.com/valuestream/api/-/pipelines/1234567');
    expect(test.Tags).toBeUndefined(); // the tags were the root's
    expect(test['All attributes']).toMatchObject({ 'process.exit.code': '3', 'vstrace.type': 'test', 'resource cicd.pipeline.run.id': '1234567' });

    await rows.filter({ hasText: 'ci: checks' }).click();
    const root = await detailOf(page);
    expect(root.Tags).toEqual({ note: HOSTILE_TAG_SHOWN, team: 'payments' });
    expect(root.Command!.command).toMatch(/^bash -c 'vstrace run --type lint -- sleep 0\.1 & /);
    expect(root.Span!['parent id']).toMatch(/^[0-9a-f]{16}$/); // the GitLab job's span, derived from the job, recorded by nobody here
    expect(await page.locator('#waterfall .wf-row.sel').count()).toBe(1);
    expect(await page.locator('#waterfall b').count()).toBe(0); // the tag's markup stayed text

    // a span not on the path says so; keyboard works too
    await rows.filter({ hasText: lintEndsLast ? 'build: sleep' : 'lint: sleep' }).focus();
    await page.keyboard.press('Enter');
    expect((await detailOf(page)).Span!['critical path']).toBe('not on it');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
  it('filters the trace list by type, status and service, and searches names and trace ids', async () => {
    const { page, problems } = await open(1400);
    const shown = () => page.locator('#traces tbody tr:visible td:first-child').allTextContents();
    const count = () => page.locator('#f-count').textContent();
    expect(await shown()).toHaveLength(traces());
    expect(await count()).toBe(`${traces()} traces`);
    expect(await page.locator('#f-type option').allTextContents()).toEqual(['every type', 'build', 'deploy', 'lint', 'make', 'pipeline', 'release', 'test']);
    expect(await page.locator('#f-service option').allTextContents()).toEqual(['every service', 'api', 'payments-api', 'vstrace', 'web']);

    // a trace matches a type when any of its spans has it, as in vstrace ls --type
    await page.selectOption('#f-type', 'lint');
    expect(await shown()).toEqual(['ci: checks']);
    await page.selectOption('#f-type', '');
    await page.selectOption('#f-status', 'error');
    const failedDeploys = inPeriod()
      .filter((d) => !d.ok)
      .map((d) => d.name);
    expect((await shown()).sort()).toEqual(
      ['ci: checks', 'pipeline: ci.sh #00', 'pipeline: ci.sh #122', 'pipeline: ci.sh #131', 'pipeline: ci.sh #52', 'pipeline: ci.sh #61', 'pipeline: ci.sh #70', ...failedDeploys].sort(),
    );
    expect(await count()).toBe(`${7 + failedDeploys.length} of ${traces()} traces`);
    // filters combine: failed, and named like #1…
    await page.fill('#f-name', 'ci.sh #1');
    expect((await shown()).sort()).toEqual(['pipeline: ci.sh #122', 'pipeline: ci.sh #131']);
    await page.selectOption('#f-status', '');
    await page.fill('#f-name', 'CI.SH #13'); // case does not matter
    expect(await shown()).toEqual(['pipeline: ci.sh #130', 'pipeline: ci.sh #131', 'pipeline: ci.sh #132']);
    await page.fill('#f-name', '');
    await page.selectOption('#f-service', 'payments-api');
    expect(await shown()).toEqual([HOSTILE]);
    await page.selectOption('#f-service', '');
    // a trace id prefix, as ls prints it
    const id = await page.locator('#traces tbody tr', { hasText: 'ci: checks' }).locator('td').first().getAttribute('title');
    await page.fill('#f-name', id!.slice(0, 10));
    expect(await shown()).toEqual(['ci: checks']);
    await page.fill('#f-name', 'no such trace');
    expect(await shown()).toEqual([]);
    expect(await page.locator('#f-none').isVisible()).toBe(true);
    await page.fill('#f-name', '');
    expect(await shown()).toHaveLength(traces());
    expect(await page.locator('#f-none').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('says "one day of data" instead of a one-dot trend, and labels its axes with units', async () => {
    const { page } = await open(1400);
    const lint = page.locator('section.card[data-type="lint"]');
    expect(await lint.locator('svg.chart circle.dot').count()).toBe(0);
    expect(await lint.locator('svg.chart').nth(1).locator('text').allTextContents()).toEqual([
      'one day of data',
      expect.stringMatching(/^1 run · p50 \d+ms · p90 \d+ms$/),
      'a trend needs runs on two days or more',
    ]);
    const build = page.locator('section.card[data-type="build"] svg.chart');
    const histogram = await build.nth(0).locator('text').allTextContents();
    expect(histogram).toEqual(expect.arrayContaining(['runs', 'duration of a run (log scale)', expect.stringMatching(/^p50 1m\d\ds$/), expect.stringMatching(/^p90 1m\d\ds$/), '0']));
    const trend = await build.nth(1).locator('text').allTextContents();
    expect(trend).toEqual(expect.arrayContaining(['duration', 'day (UTC)', 'p50', 'p90']));
    // the build's p50 runs from about 1m to 1m45s: the axis starts at a round value below that, not at 0
    const yTicks = await build.nth(1).locator('text[text-anchor="end"]').allTextContents();
    expect(yTicks[0]).toMatch(/^\d+m(\d\ds)?$/);
    expect(yTicks).not.toContain('0');
    await page.close();
  });

  it("shows the delivery section: each stream's four keys beside the period before, computed from the recorded deployments, and the newest deployments", async () => {
    const { page, problems } = await open(1000, 2);
    expect(await page.locator('#delivery h2').textContent()).toBe("Delivery: DORA's four keys");
    const rows = await page.locator('#dora tbody tr').evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => {
          const was = td.querySelector('div.sub')?.textContent ?? '';
          return { now: td.textContent!.slice(0, td.textContent!.length - was.length).trim(), was };
        }),
      ),
    );
    const fromUs = reportUs - 30 * DAY_US;
    const streams = [...new Set(deployments.map((d) => `${d.service}|${d.environment}`))].sort();
    expect(rows.map((r) => `${r[0]!.now}|${r[1]!.now}`).sort()).toEqual(streams);
    for (const row of rows) {
      const [service, environment] = [row[0]!.now, row[1]!.now];
      const now = expectedKeys(deployments, service, environment, fromUs, reportUs);
      const was = expectedKeys(deployments, service, environment, fromUs - 30 * DAY_US, fromUs);
      expect(
        row.slice(2).map((c) => [c.now, c.was]),
        `${service} · ${environment}`,
      ).toEqual([
        [now.frequency, `was ${was.frequency}`],
        [now.leadTime, `was ${was.leadTime}`],
        [now.failureRate, `was ${was.failureRate}`],
        [now.recovery, `was ${was.recovery}`],
        [now.inputs, ''],
      ]);
    }
    // the audit trail: newest first, who (the OS user and the revision's author), why as the user said it, shown as text
    const listed = await page.locator('#deployments tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(listed).toEqual(
      inPeriod()
        .reverse()
        .map((d) => [
          new Date(Math.floor(d.endUs / 1000)).toISOString().replace('T', ' ').slice(0, 19),
          d.ok ? 'succeeded' : 'failed',
          d.service,
          d.environment,
          d.revision.slice(0, 12),
          `${userInfo().username} (${d.author.replace(/ <.*>$/, '')})`,
          d.reason ?? '',
        ]),
    );
    expect(listed.some((r) => r[6]!.includes('<img'))).toBe(true);
    expect(await page.locator('#delivery img').count()).toBe(0);
    expect(await page.locator('#deployments td.err').count()).toBe(inPeriod().filter((d) => !d.ok).length);
    const shot = join(dir.path, 'report-delivery.png');
    await page.locator('#delivery').screenshot({ path: shot });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(shot, DOCS_DELIVERY_SCREENSHOT);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  for (const width of [1400, 800]) {
    it(`lays out at ${width} px: nothing wider than the window, no chart label clipped or on a bar or another label`, async () => {
      const { page, problems } = await open(width);
      await page.locator('#traces tbody tr', { hasText: 'ci: checks' }).click();
      await page.locator('#waterfall .wf-row', { hasText: 'test: sh' }).click();
      const layout = await page.evaluate(() => {
        const inside = (a: DOMRect, b: DOMRect) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
        const overlap = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
        const describe = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} "${(e.textContent ?? '').slice(0, 30)}"`;
        const wide = [...document.body.querySelectorAll('*')].filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5);
        });
        const charts = [...document.querySelectorAll('svg.chart')];
        const clipped: string[] = [];
        const touching: string[] = [];
        for (const chart of charts) {
          const box = chart.getBoundingClientRect();
          const texts = [...chart.querySelectorAll('text')].map((t) => ({ t, r: t.getBoundingClientRect() }));
          const bars = [...chart.querySelectorAll('rect.bar')].map((b) => b.getBoundingClientRect()).filter((r) => r.height > 0);
          for (const { t, r } of texts) if (!inside(r, box)) clipped.push(t.textContent!);
          texts.forEach(({ t, r }, i) => {
            for (const other of texts.slice(i + 1)) if (overlap(r, other.r)) touching.push(`${t.textContent} × ${other.t.textContent}`);
            for (const bar of bars) if (overlap(r, bar)) touching.push(`${t.textContent} × a bar`);
          });
        }
        // the trace list fits its box: no column hidden behind a horizontal scroll
        const list = document.querySelector('.scroll')!;
        return { scrollWidth: document.documentElement.scrollWidth, wide: wide.map(describe), listHidden: list.scrollWidth - list.clientWidth, charts: charts.length, clipped, touching };
      });
      expect(layout).toEqual({ scrollWidth: width, wide: [], listHidden: 0, charts: 14, clipped: [], touching: [] });
      // the panel is on screen after the click, whichever column it is in
      const panel = await page.locator('#waterfall').boundingBox();
      expect(panel!.y).toBeLessThan(1000);
      const shot = join(dir.path, `report-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      if (width === 1400 && process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(shot, DOCS_SCREENSHOT);
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
