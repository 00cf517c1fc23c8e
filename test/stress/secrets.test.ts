import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE, VSTRACE_SH } from '../support/cli.ts';
import { tempDir } from '../support/env.ts';
import { vstrace } from '../support/export.ts';
import { OtlpReceiver } from '../support/otlp-receiver.ts';
import { useFigures } from './support/figures.ts';
import { CONFIG_SECRETS, ENV_CASES, type Kind, LOOK_ALIKES, lookAlikeKind, OPTION_CASES, SECRET_CASES, secretConfig } from './support/secrets-corpus.ts';
import { leakForms, SURFACES, type SurfaceContext } from './support/surfaces.ts';

/**
 * The whole secret corpus (issue 13) through real runs of the built binary,
 * every way a command reaches the redactor: the argv as typed, the same words
 * as a --shell line, as vstrace-sh's -c line, and held in a tag; then every
 * output surface — the store's files, what a real OTLP receiver decoded,
 * show, show --json, ls, stats, report, config, doctor, flush — searched for
 * each secret, whole, JSON-escaped or in part; every look-alike must come
 * through intact in the surfaces that show arguments. The programs are stubs
 * (PATH holds nothing else), so a line runs its own words and no real tool.
 * The leak rate and the false-alarm rate are counted separately, per kind.
 */
const figures = useFigures('secrets');
const TRACE_ID = '5ec2e75ec2e75ec2e75ec2e75ec2e700';
const PARENT = `00-${TRACE_ID}-5ec2e75ec2e75ec2-01`;
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
/** The words as one shell line; a form that is `sh -c LINE` is its line. */
const shellLine = (argv: readonly string[]) => (argv[0] === 'sh' && argv[1] === '-c' ? argv[2]! : argv.map(quote).join(' '));
const WAYS = ['argv', 'shell', 'sh', 'tag'] as const;
type Way = (typeof WAYS)[number];

const ctx: SurfaceContext & { cleanup: () => void } = { env: {}, home: '', traceId: TRACE_ID, exported: '', cleanup: () => {} };
const CONFIG_CASES = Object.entries(CONFIG_SECRETS).map(([form, secret]) => ({ form: `config ${form}`, secret }));
const CASES = [...SECRET_CASES, ...LOOK_ALIKES];
const outputs = new Map<string, string>();
let runs = 0;

/** One run of case `i` one way, or undefined where the way does not apply (a shell-only form has no argv). */
function runOf(i: number, way: Way): [string, string[]] | undefined {
  const c = CASES[i]!;
  const tag = `case=${i}-${way}`;
  const line = shellLine(c.argv);
  switch (way) {
    case 'argv':
      return c.shellOnly ? undefined : [VSTRACE, ['run', '--tag', tag, '--', ...c.argv]];
    case 'shell':
      return [VSTRACE, ['run', '--tag', tag, '--shell', '--', line]];
    case 'sh':
      return [VSTRACE_SH, [`--tag=${tag}`, '-c', line]];
    case 'tag':
      return [VSTRACE, ['run', '--tag', tag, '--tag', `cmd=${line}`, '--', 'true']];
  }
}

/** Runs the commands a few at a time (each is a short process; two cores). */
async function runAll(commands: { file: string; args: string[]; env: Record<string, string> }[], width = 4): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < commands.length) {
      const { file, args, env } = commands[next++]!;
      const status = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(file, args, { env, stdio: 'ignore' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      // A line's programs may be missing (127) or fail; vstrace must still end as its command did, never by a signal.
      if (status === null) throw new Error(`${file} ${args.join(' ')}: killed`);
      runs += 1;
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

beforeAll(async () => {
  const t = tempDir('vstrace-secrets-');
  ctx.cleanup = t.cleanup;
  ctx.home = join(t.path, 'store');
  // PATH is only stubs named like the real programs (each does nothing), and node for vstrace itself
  // (so the one form run as `node cli.js …` meets a missing file).
  const bin = join(t.path, 'bin');
  mkdirSync(bin);
  for (const program of new Set([...CASES.map((c) => c.argv[0]!), 'true', 'env'])) if (program !== 'node') symlinkSync('/bin/true', join(bin, program));
  symlinkSync(process.execPath, join(bin, 'node'));
  // The collector is down while the corpus runs (each span waits in the spool), up for one flush, then down again.
  const receiver = await OtlpReceiver.start('http');
  await receiver.down();
  const config = join(t.path, 'vstracerc.yaml');
  writeFileSync(config, secretConfig(receiver.port));
  const base: Record<string, string> = { VSTRACE_HOME: ctx.home, VSTRACE_CONFIG: config, PATH: bin, TRACEPARENT: PARENT, NO_COLOR: '1', HOME: t.path };
  ctx.env = base;
  const commands = CASES.flatMap((_, i) => WAYS.map((way) => runOf(i, way)).filter((r) => r !== undefined)).map(([file, args]) => ({ file, args, env: base }));
  for (const c of OPTION_CASES) commands.push({ file: VSTRACE, args: ['run', ...c.options, '--', 'true'], env: base });
  for (const c of ENV_CASES) commands.push({ file: VSTRACE, args: ['run', '--', 'true'], env: { ...base, CI: 'true', ...c.env } });
  await runAll(commands);
  const { TRACEPARENT: _, ...withoutParent } = base;
  ctx.env = withoutParent;
  await receiver.up();
  const flush = await vstrace(['flush', '--wait', '--timeout', '120000'], ctx.env);
  if (flush.status !== 0) throw new Error(`vstrace flush: exit ${flush.status} ${flush.stdout}${flush.stderr}`);
  ctx.exported = JSON.stringify(receiver.spans);
  await receiver.close();
  for (const surface of SURFACES) outputs.set(surface.name, surface.read(ctx));
}, 900_000);

afterAll(() => ctx.cleanup());

/** Per kind: forms and look-alikes, leaks (form × surface where any part of it was found) and false alarms (look-alike × way × surface). */
const rates = { leakChecks: 0, leaks: 0, falseAlarmChecks: 0, falseAlarms: 0 };
const tally = new Map<Kind | 'vstrace inputs', { forms: number; leaks: number; lookAlikes: number; falseAlarms: number }>();
const kindOf = (kind: Kind | 'vstrace inputs') => tally.get(kind) ?? tally.set(kind, { forms: 0, leaks: 0, lookAlikes: 0, falseAlarms: 0 }).get(kind)!;
for (const c of SECRET_CASES) kindOf(c.kind).forms += 1;
for (const c of LOOK_ALIKES) kindOf(lookAlikeKind(c.form)).lookAlikes += 1;
kindOf('vstrace inputs').forms += OPTION_CASES.length + ENV_CASES.length + CONFIG_CASES.length;

describe('secrets never reach an output surface', () => {
  it('every run of the corpus was stored and exported', () => {
    const expected = CASES.reduce((n, _, i) => n + WAYS.filter((way) => runOf(i, way)).length, 0) + OPTION_CASES.length + ENV_CASES.length;
    const stored = storedSpans(ctx.home).length;
    figures.spansExpected += expected;
    figures.spansLost += Math.max(0, expected - stored);
    expect(runs).toBe(expected);
    expect(stored).toBe(expected);
    expect(JSON.parse(ctx.exported)).toHaveLength(expected);
    expect(SECRET_CASES.length).toBeGreaterThanOrEqual(150);
    expect(LOOK_ALIKES.length).toBeGreaterThanOrEqual(60);
    figures.runs += runs;
    figures.notes.push(
      `${SECRET_CASES.length} secret forms and ${LOOK_ALIKES.length} look-alikes, each run as argv (but shell-only forms), as a --shell line, through vstrace-sh and held in a tag (${expected - OPTION_CASES.length - ENV_CASES.length} runs), plus ${OPTION_CASES.length} secrets in vstrace's own options and ${ENV_CASES.length} in CI variables (a run each) and ${CONFIG_CASES.length} in the config file every run read; searched in: ${SURFACES.map((s) => s.name).join(', ')}`,
    );
  });

  it.each(SURFACES.map((s) => s.name))('%s: no secret of the corpus, whole, escaped or in part', (name) => {
    const text = outputs.get(name)!;
    const cases = [
      ...SECRET_CASES.map((c) => ({ ...c, kind: c.kind as Kind | 'vstrace inputs' })),
      ...[...OPTION_CASES, ...ENV_CASES, ...CONFIG_CASES].map((c) => ({ form: c.form, secret: c.secret, kind: 'vstrace inputs' as const })),
    ];
    const leaks = cases.flatMap((c) => {
      const found = leakForms(c.secret).filter((f) => text.includes(f));
      if (found.length > 0) {
        kindOf(c.kind).leaks += 1;
        rates.leaks += 1;
      }
      return found.map((f) => `${c.form}: ${f}`);
    });
    rates.leakChecks += cases.length;
    expect(leaks).toEqual([]);
  });

  it.each(SURFACES.filter((s) => s.spans).map((s) => s.name))('%s: every look-alike intact, every way it was run', (name) => {
    const spans = SURFACES.find((s) => s.name === name)!.spans!(outputs.get(name)!);
    let checks = 0;
    const lost = LOOK_ALIKES.flatMap((c, j) => {
      const i = SECRET_CASES.length + j;
      return WAYS.filter((way) => runOf(i, way))
        .filter((way) => {
          checks += 1;
          const span = spans.find((text) => text.includes(`"case=${i}-${way}"`) || text.includes(`"${i}-${way}"`));
          const intact = span?.includes(JSON.stringify(c.keep).slice(1, -1)) ?? false;
          if (!intact) kindOf(lookAlikeKind(c.form)).falseAlarms += 1;
          return !intact;
        })
        .map((way) => `${c.form} (${way})`);
    });
    rates.falseAlarmChecks += checks;
    rates.falseAlarms += lost.length;
    expect(lost).toEqual([]);
  });

  it('reports the leak rate and the false-alarm rate, separately and per kind', () => {
    const rate = (n: number, of: number) => `${n} of ${of} (${((100 * n) / Math.max(1, of)).toFixed(1)} %)`;
    figures.notes.push(`leak rate: ${rate(rates.leaks, rates.leakChecks)} secret × surface checks leaked`);
    figures.notes.push(`false-alarm rate: ${rate(rates.falseAlarms, rates.falseAlarmChecks)} look-alike × way × surface checks lost`);
    for (const [kind, t] of tally) figures.notes.push(`${kind}: ${t.forms} forms, ${t.leaks} leaks; ${t.lookAlikes} look-alikes, ${t.falseAlarms} false alarms`);
    expect(rates.leakChecks > 0 && rates.falseAlarmChecks > 0).toBe(true);
    expect([rates.leaks, rates.falseAlarms]).toEqual([0, 0]);
  });
});

describe('store permissions', () => {
  it('directory 0700 and files 0600 even when the umask is 000', async () => {
    const t = tempDir('vstrace-umask-');
    try {
      const home = join(t.path, 'nested', 'store');
      const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('sh', ['-c', `umask 000; "${VSTRACE}" run -- true && "${VSTRACE}" run -- true`], { env: { PATH: process.env.PATH!, HOME: t.path, VSTRACE_HOME: home } });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stderr }));
      });
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
