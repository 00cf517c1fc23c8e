import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE } from '../support/cli.ts';
import { tempDir } from '../support/env.ts';
import { useFigures } from './support/figures.ts';
import { OtlpReceiver } from '../support/otlp-receiver.ts';
import { vstrace } from '../support/export.ts';
import { CONFIG_SECRETS, OPTION_CASES, STRESS_LOOK_ALIKES as LOOK_ALIKES, STRESS_SECRET_CASES as SECRET_CASES, secretConfig } from './support/secrets-corpus.ts';
import { leakForms, SURFACES, type SurfaceContext } from './support/surfaces.ts';
import { afterAll, beforeAll } from 'vitest';

/**
 * The secret corpus through real `vstrace run`s (argv as typed, and the same
 * line through --shell), with a config file that holds secrets of its own and
 * exports to a real OTLP receiver; then every output surface — store, export,
 * show, ls, stats, report, config, doctor, flush — searched for each secret;
 * look-alikes must come through intact.
 */
const figures = useFigures('secrets');
const TRACE_ID = '5ec2e75ec2e75ec2e75ec2e75ec2e700';
const PARENT = `00-${TRACE_ID}-5ec2e75ec2e75ec2-01`;
const sh = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

const ctx: SurfaceContext & { cleanup: () => void } = { env: {}, home: '', traceId: TRACE_ID, exported: '', cleanup: () => {} };
const CONFIG_CASES = Object.entries(CONFIG_SECRETS).map(([form, secret]) => ({ form: `config ${form}`, secret }));
const outputs = new Map<string, string>();

beforeAll(async () => {
  const t = tempDir('vstrace-secrets-');
  ctx.cleanup = t.cleanup;
  ctx.home = join(t.path, 'store');
  // Stubs named like the real programs, so redaction sees the argv a user types; each does nothing.
  const bin = join(t.path, 'bin');
  mkdirSync(bin);
  for (const program of new Set([...SECRET_CASES, ...LOOK_ALIKES].map((c) => c.argv[0]!))) symlinkSync('/bin/true', join(bin, program));
  // The collector is down while the corpus runs (each span waits in the spool), up for one flush, then down again.
  const receiver = await OtlpReceiver.start('http');
  await receiver.down();
  const config = join(t.path, 'vstracerc.yaml');
  writeFileSync(config, secretConfig(receiver.port));
  const base = { VSTRACE_HOME: ctx.home, VSTRACE_CONFIG: config, PATH: `${bin}:${process.env.PATH}`, TRACEPARENT: PARENT, NO_COLOR: '1', HOME: t.path };
  ctx.env = base;
  for (const [i, c] of [...SECRET_CASES, ...LOOK_ALIKES].entries()) {
    for (const args of [
      ['run', '--tag', `case=${i}-argv`, '--', ...c.argv],
      ['run', '--tag', `case=${i}-shell`, '--shell', '--', c.argv.map(sh).join(' ')],
    ]) {
      const r = spawnSync(VSTRACE, args, { env: base, encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`vstrace ${args.join(' ')}: exit ${r.status} ${r.stderr}`);
    }
  }
  for (const c of OPTION_CASES) {
    const r = spawnSync(VSTRACE, ['run', ...c.options, '--', 'true'], { env: base, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`vstrace run ${c.options.join(' ')}: exit ${r.status} ${r.stderr}`);
  }
  const { TRACEPARENT: _, ...withoutParent } = base;
  ctx.env = withoutParent;
  await receiver.up();
  const flush = await vstrace(['flush', '--wait', '--timeout', '60000'], ctx.env);
  if (flush.status !== 0) throw new Error(`vstrace flush: exit ${flush.status} ${flush.stdout}${flush.stderr}`);
  ctx.exported = JSON.stringify(receiver.spans);
  await receiver.close();
  for (const surface of SURFACES) outputs.set(surface.name, surface.read(ctx));
}, 300_000);

afterAll(() => ctx.cleanup());

describe('secrets never reach an output surface', () => {
  it('every run of the corpus was stored (two per form: argv and --shell)', () => {
    const expected = 2 * (SECRET_CASES.length + LOOK_ALIKES.length) + OPTION_CASES.length;
    const stored = storedSpans(ctx.home).length;
    figures.spansExpected += expected;
    figures.spansLost += Math.max(0, expected - stored);
    expect(stored).toBe(expected);
    expect(JSON.parse(ctx.exported)).toHaveLength(expected);
    expect(SECRET_CASES.length).toBeGreaterThanOrEqual(40);
    figures.notes.push(
      `${SECRET_CASES.length} secret forms and ${LOOK_ALIKES.length} look-alikes, each run as argv and through --shell, plus ${OPTION_CASES.length} secrets in tags and names and ${CONFIG_CASES.length} in the config file, searched in: ${SURFACES.map((s) => s.name).join(', ')}`,
    );
  });

  it.each(SURFACES.map((s) => s.name))('%s: no secret of the corpus, whole, escaped or in part', (name) => {
    const text = outputs.get(name)!;
    const leaks = [...SECRET_CASES, ...OPTION_CASES, ...CONFIG_CASES].flatMap((c) =>
      leakForms(c.secret)
        .filter((f) => text.includes(f))
        .map((f) => `${c.form}: ${f}`),
    );
    expect(leaks).toEqual([]);
    figures.runs += SECRET_CASES.length * 2 + OPTION_CASES.length + CONFIG_CASES.length;
  });

  it.each(SURFACES.filter((s) => s.spans).map((s) => s.name))('%s: every look-alike intact, in the argv run and in the --shell run', (name) => {
    const spans = SURFACES.find((s) => s.name === name)!.spans!(outputs.get(name)!);
    const lost = LOOK_ALIKES.flatMap((c, j) => {
      const i = SECRET_CASES.length + j;
      return ['argv', 'shell']
        .filter((how) => {
          const span = spans.find((text) => text.includes(`"case=${i}-${how}"`) || text.includes(`"${i}-${how}"`));
          return !span?.includes(JSON.stringify(c.keep).slice(1, -1));
        })
        .map((how) => `${c.form} (${how})`);
    });
    expect(lost).toEqual([]);
    figures.runs += LOOK_ALIKES.length * 2;
  });
});

describe('store permissions', () => {
  it('directory 0700 and files 0600 even when the umask is 000', () => {
    const t = tempDir('vstrace-umask-');
    try {
      const home = join(t.path, 'nested', 'store');
      const r = spawnSync('sh', ['-c', `umask 000; "${VSTRACE}" run -- true && "${VSTRACE}" run -- true`], { env: { PATH: process.env.PATH!, HOME: t.path, VSTRACE_HOME: home }, encoding: 'utf8' });
      expect([r.status, r.stderr]).toEqual([0, '']);
      const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
      expect(mode(home)).toBe('700');
      expect(mode(join(home, 'traces'))).toBe('700');
      const files = readdirSync(join(home, 'traces'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(mode(join(home, 'traces', f))).toBe('600');
      figures.runs += 1;
    } finally {
      t.cleanup();
    }
  });
});
