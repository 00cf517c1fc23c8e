import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSpanLine } from '../../src/store/otlp-json.ts';
import { segmentName } from '../../src/store/location.ts';
import { storedSpans, vstraceSync, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { faultScenario, useFigures } from './support/figures.ts';
import { canMount, mountTmpfs, remount } from './support/mounts.ts';

/**
 * Faults of the local store and the clock. For each: the command's outcome is
 * unchanged, nothing already stored is lost, the condition is one line on
 * stderr, and the next healthy run records again.
 */
const store = useTempStore();
const figures = useFigures('faults');
const MOUNT = canMount(`/tmp/vstrace-mount-probe-${process.pid}`);
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const IS_ROOT = process.getuid?.() === 0;
if (!MOUNT.ok) figures.skipped.push(`read-only file system (${MOUNT.reason})`, `disk full (${MOUNT.reason})`);
if (!IS_ROOT) figures.skipped.push('unwritable directory (needs root to switch to an unprivileged user)');

/** The command every fault runs: output on both streams and its own status. */
const PROBE = ['run', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7'];
const WARNING = /^vstrace: warning: [^\n]+\n$/;

/** Runs the probe under a fault: status, stdout and the command's stderr as without vstrace, plus at most one warning line. */
function runUnderFault(env: Record<string, string>, prefix: string[] = []): string {
  const [file, ...args] = [...prefix, VSTRACE, ...PROBE];
  const r = spawnSync(file!, args, { env, encoding: 'utf8', timeout: 60_000 });
  expect([r.status, r.signal, r.stdout]).toEqual([7, null, 'out\n']);
  expect(r.stderr.startsWith('err\n')).toBe(true);
  const warning = r.stderr.slice('err\n'.length);
  if (warning !== '') expect(warning).toMatch(WARNING);
  return warning;
}

function healthyRun(env: Record<string, string>, prefix: string[] = []): void {
  const [file, ...args] = [...prefix, VSTRACE, 'run', '--', 'sh', '-c', 'exit 0'];
  const r = spawnSync(file!, args, { env, encoding: 'utf8', timeout: 60_000 });
  expect([r.status, r.stderr]).toEqual([0, '']);
}

const spanIds = (home: string) => storedSpans(home).map((s) => s.spanId);

const fault = (name: string, body: () => void | Promise<void>) => faultScenario(figures, name, body);

/** A store on its own small tmpfs, unmounted afterwards whatever happens. */
function withTmpfs(name: string, sizeKb: number, body: (dir: string, env: Record<string, string> & { VSTRACE_HOME: string }) => void): void {
  const dir = join(store.dir, name);
  const m = mountTmpfs(dir, sizeKb);
  if (!m.ok) throw new Error(m.reason);
  try {
    body(dir, { ...store.env, VSTRACE_HOME: join(dir, 'store') });
  } finally {
    m.unmount();
  }
}

/** Spans that were stored before a fault and must still be readable after it. */
function expectKept(home: string, before: string[]): void {
  const after = new Set(spanIds(home));
  const lost = before.filter((id) => !after.has(id));
  figures.spansExpected += before.length;
  figures.spansLost += lost.length;
  expect(lost).toEqual([]);
}

describe('store faults', () => {
  it.skipIf(!IS_ROOT)(
    'store directory unwritable by the user running vstrace (a non-root user, 0500 directory, 0400 file)',
    fault('unwritable store directory', () => {
      const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      chmodSync(store.dir, 0o755);
      mkdirSync(store.home, { mode: 0o700 });
      chownSync(store.home, 65534, 65534);
      healthyRun(store.env, asNobody);
      const before = spanIds(store.home);
      const traces = join(store.home, 'traces');
      for (const f of readdirSync(traces)) chmodSync(join(traces, f), 0o400);
      chmodSync(traces, 0o500);

      expect(runUnderFault(store.env, asNobody)).toMatch(/could not record the span: EACCES: permission denied/);
      expectKept(store.home, before);

      chmodSync(traces, 0o700);
      for (const f of readdirSync(traces)) chmodSync(join(traces, f), 0o600);
      healthyRun(store.env, asNobody);
      expect(spanIds(store.home)).toHaveLength(before.length + 1);
    }),
  );

  it.skipIf(!MOUNT.ok)(
    'store on a read-only file system',
    fault('read-only file system', () => {
      withTmpfs('ro', 1024, (dir, env) => {
        healthyRun(env);
        const before = spanIds(env.VSTRACE_HOME);
        remount(dir, 'ro');
        expect(runUnderFault(env)).toMatch(/EROFS: read-only file system/);
        expectKept(env.VSTRACE_HOME, before);
        remount(dir, 'rw');
        healthyRun(env);
        expect(spanIds(env.VSTRACE_HOME)).toHaveLength(before.length + 1);
      });
    }),
  );

  it.skipIf(!MOUNT.ok)(
    'disk full (a 128 KiB tmpfs filled to the last block)',
    fault('disk full', () => {
      withTmpfs('full', 128, (dir, env) => {
        healthyRun(env);
        healthyRun(env);
        spawnSync('dd', ['if=/dev/zero', `of=${dir}/filler`, 'bs=1k'], { stdio: 'ignore' });
        const before = spanIds(env.VSTRACE_HOME);
        // The segment's last page may still take a record or two; a record that does not fit is a short write.
        let fitted = 0;
        let warning = '';
        for (let i = 0; i < 8 && warning === ''; i++) {
          warning = runUnderFault(env);
          if (warning === '') fitted += 1;
        }
        expect(warning).toMatch(/could not record the span: .*(short write|ENOSPC)/);
        expectKept(env.VSTRACE_HOME, before);
        expect(spanIds(env.VSTRACE_HOME)).toHaveLength(before.length + fitted);

        rmSync(`${dir}/filler`);
        healthyRun(env);
        expect(spanIds(env.VSTRACE_HOME)).toHaveLength(before.length + fitted + 1);
        // A torn record left by the short write is isolated on its own line: readers skip it with one warning.
        const ls = vstraceSync(['ls', '--json'], { env });
        expect(ls.status).toBe(0);
        expect(JSON.parse(ls.stdout)).toHaveLength(before.length + fitted + 1);
        expect(ls.stderr).toMatch(/^(vstrace: warning: skipped 1 unreadable line in \S+\n)?$/);
      });
    }),
  );

  it(
    'store file truncated mid-line (a crash while appending)',
    fault('segment truncated mid-line', () => {
      for (let i = 0; i < 3; i++) healthyRun(store.env);
      const [segment] = readdirSync(join(store.home, 'traces')).map((f) => join(store.home, 'traces', f));
      const lines = readFileSync(segment!, 'utf8').split('\n');
      // Cut the third record in half: the file ends mid-line, with no newline.
      truncateSync(segment!, Buffer.byteLength(`${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, lines[2]!.length >> 1)}`));
      const before = spanIds(store.home);
      expect(before).toHaveLength(2);

      expect(runUnderFault(store.env)).toBe('');
      healthyRun(store.env);
      expectKept(store.home, before);
      expect(spanIds(store.home)).toHaveLength(4);
      for (const args of [['ls', '--json'], ['show', '--json', 'last'], ['ls'], ['show', 'last']]) {
        const r = vstraceSync(args, { env: store.env });
        expect(r.status, args.join(' ')).toBe(0);
        expect(r.stderr).toBe(`vstrace: warning: skipped 1 unreadable line in ${segment}\n`);
      }
    }),
  );

  it(
    'the segment path taken by a directory: the span is not stored, the command is unaffected',
    fault('segment path is a directory', () => {
      const yesterday = futureSpan(-1);
      mkdirSync(join(store.home, 'traces'), { recursive: true, mode: 0o700 });
      writeFileSync(join(store.home, 'traces', segmentName(yesterday.startUs)), encodeSpanLine(yesterday), { mode: 0o600 });
      const today = join(store.home, 'traces', segmentName(Date.now() * 1000));
      mkdirSync(today);
      expect(runUnderFault(store.env)).toMatch(/could not record the span: EISDIR/);
      expectKept(store.home, [yesterday.spanId]);
      rmdirSync(today);
      healthyRun(store.env);
      expect(spanIds(store.home)).toHaveLength(2);
    }),
  );
});

describe('clock faults', () => {
  const faketime = existsSync(FAKETIME);
  const clockEnv = (tsFile: string) => ({
    ...store.env,
    LD_PRELOAD: FAKETIME,
    FAKETIME_TIMESTAMP_FILE: tsFile,
    FAKETIME_NO_CACHE: '1',
    // Only the wall clock moves; CLOCK_MONOTONIC stays real, as it does when an admin or NTP steps the clock.
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  });

  const noFaketime = `libfaketime not installed at ${FAKETIME}; scripts/ci-system-deps.sh installs it`;
  if (!faketime) figures.skipped.push(`wall clock stepped mid-run (${noFaketime})`, `wall clock stepped back between start and end (${noFaketime})`);

  it.skipIf(!faketime)(
    'the wall clock stepped back, then forward, by an hour mid-run: durations stay the real ones',
    fault('wall clock stepped mid-run', () => {
      const results: Array<{ step: string; startUs: number; durationMs: number }> = [];
      for (const step of ['-3600', '+3600']) {
        const tsFile = join(store.dir, `clock-${step}`);
        writeFileSync(tsFile, '+0\n');
        const env = clockEnv(tsFile);
        // Control: the step is real for a Node process under this environment.
        const control = spawnSync('node', ['-e', `const a=Date.now();require('fs').writeFileSync(${JSON.stringify(tsFile)},'${step}\\n');console.log(Date.now()-a)`], { env, encoding: 'utf8' });
        expect(Math.abs(Number(control.stdout) / 1000 - Number(step))).toBeLessThan(5);
        writeFileSync(tsFile, '+0\n');
        const wallBefore = Date.now() * 1000;
        const r = spawnSync(VSTRACE, ['run', '--', 'sh', '-c', `echo ${step} > ${tsFile}; sleep 0.3; exit 4`], { env, encoding: 'utf8', timeout: 60_000 });
        expect([r.status, r.stderr]).toEqual([4, '']);
        const span = storedSpans(store.home).at(-1)!;
        results.push({ step, startUs: span.startUs - wallBefore, durationMs: (span.endUs! - span.startUs) / 1000 });
        healthyRun(store.env);
      }
      for (const { durationMs, startUs } of results) {
        // Real duration: at least the 300 ms sleep, and nowhere near the hour the wall clock moved.
        expect(durationMs).toBeGreaterThanOrEqual(300);
        expect(durationMs).toBeLessThan(60_000);
        // Start is the wall clock at the start (before the step).
        expect(Math.abs(startUs)).toBeLessThan(60_000_000);
      }
      expect(storedSpans(store.home)).toHaveLength(4);
    }),
  );

  it.skipIf(!faketime)(
    'the wall clock stepped back an hour between vstrace start and vstrace end: one warning, the span ends at its start',
    fault('wall clock stepped back between start and end', () => {
      const started = vstraceSync(['start', '--name', 'across a clock step'], { env: store.env });
      expect([started.status, started.stderr]).toEqual([0, '']);
      const id = started.stdout.trim();
      const tsFile = join(store.dir, 'clock-back');
      writeFileSync(tsFile, '-3600\n');
      const ended = spawnSync(VSTRACE, ['end', id], { env: clockEnv(tsFile), encoding: 'utf8', timeout: 60_000 });
      expect(ended.status).toBe(0);
      // An hour back, less the real time between the two commands (a second or so, more on a loaded machine): 59mXXs or 1h00m.
      expect(ended.stderr).toMatch(new RegExp(`^vstrace: warning: the clock is (?:59m[0-5]\\ds|1h00m) behind the start of span ${id}; its end is recorded at its start \\(duration 0\\)\n$`));
      const span = storedSpans(store.home).find((s) => s.spanId === id && s.endUs !== undefined)!;
      expect(span.endUs).toBe(span.startUs);
      // The next pair, on a clock that behaves, is whole and says nothing.
      const next = vstraceSync(['start', '--name', 'after'], { env: store.env }).stdout.trim();
      expect(vstraceSync(['end', next], { env: store.env })).toMatchObject({ status: 0, stderr: '' });
      expect(storedSpans(store.home).find((s) => s.spanId === next && s.endUs !== undefined)).toBeDefined();
    }),
  );

  it(
    'records dated in the future (a clock that was ahead, a copied store): readers list them, new runs still land',
    fault('future-dated records in the store', () => {
      const future = futureSpan(365 * 73);
      mkdirSync(join(store.home, 'traces'), { recursive: true, mode: 0o700 });
      writeFileSync(join(store.home, 'traces', segmentName(future.startUs)), encodeSpanLine(future), { mode: 0o600 });
      healthyRun(store.env);
      const ls = vstraceSync(['ls', '--json'], { env: store.env });
      expect([ls.status, ls.stderr]).toEqual([0, '']);
      expect(JSON.parse(ls.stdout).map((t: { traceId: string }) => t.traceId)).toContain(future.traceId);
      expectKept(store.home, [future.spanId]);
      expect(spanIds(store.home)).toHaveLength(2);
      const show = vstraceSync(['show', future.traceId], { env: store.env });
      expect(show.status).toBe(0);
    }),
  );
});

/** A span dated `days` from now (negative: in the past), as another clock would have written it. */
function futureSpan(days: number) {
  const startUs = (Date.now() + days * 86_400_000) * 1000;
  return {
    traceId: `${'f'.repeat(31)}${days < 0 ? 2 : 1}`,
    spanId: `${'e'.repeat(15)}${days < 0 ? 2 : 1}`,
    name: 'from another clock',
    startUs,
    endUs: startUs + 1_000_000,
    status: { code: 'unset' as const },
    attributes: {},
    resource: { 'service.name': 'vstrace' },
  };
}
