// Shared by the benchmarks: side-by-side measurement (interleaved rounds, so
// machine noise hits every command alike) and median ratios.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MEASURE = fileURLToPath(new URL('./measure.py', import.meta.url));

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * The environment a user's machine has: this one sets NODE_EXTRA_CA_CERTS for its npm proxy, which
 * adds ~38 ms to every Node start — `node -e 0` and vstrace alike — and would hide vstrace's own
 * cost in every ratio; NODE_OPTIONS would steer one side's Node and not the other's. Every bench
 * measures through this, on both sides.
 */
export function userEnv(env = process.env) {
  const clean = { ...env };
  delete clean.NODE_EXTRA_CA_CERTS;
  delete clean.NODE_OPTIONS;
  return clean;
}

/**
 * Runs each argv `rounds` times, round-robin, after one warm-up round; returns medians per command.
 * A run that fails is a failed bench (a command that exits 125 at once is not a fast command).
 */
export function measure(commands, { rounds = 30, env = process.env } = {}) {
  const r = spawnSync('python3', [MEASURE, String(rounds + 1)], {
    input: JSON.stringify(commands),
    env: userEnv(env),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`measure.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout).map((runs, i) => {
    const failed = runs.slice(1).filter((x) => x.status !== 0).length;
    if (failed > 0) {
      console.log(`✗ ${commands[i].join(' ')}: ${failed} of ${runs.length - 1} runs failed — a failed run is a failed bench`);
      process.exitCode = 1;
    }
    const measured = runs.slice(1);
    return {
      wallMs: median(measured.map((x) => x.wall_ms)),
      cpuMs: median(measured.map((x) => x.cpu_ms)),
      /** Every measured run's wall time, in round order (for paired comparisons). */
      walls: measured.map((x) => x.wall_ms),
      rssMb: median(measured.map((x) => x.rss_kb)) / 1024,
      failures: measured.filter((x) => x.status !== 0).length,
    };
  });
}

export const fmt = (n, digits = 1) => n.toFixed(digits);

/** Prints each [label, ratio, limit] as ✓ or ✗; true when every ratio is within its limit. */
export function checkRatios(checks) {
  let ok = true;
  for (const [label, ratio, limit] of checks) {
    const pass = ratio <= limit;
    ok &&= pass;
    console.log(`${pass ? '✓' : '✗'} ${label}: ${fmt(ratio, 2)}`);
  }
  return ok;
}

/**
 * Prints a table of [name, argv, target seconds or undefined] cases beside their measured results
 * (wall against the target, CPU and RSS); true when every target was met and no run failed.
 */
export function printTargets(cases, results) {
  console.log(`${'command'.padEnd(44)} ${'wall s'.padStart(7)} ${'target'.padStart(7)} ${'× target'.padStart(9)} ${'CPU s'.padStart(7)} ${'RSS MB'.padStart(7)}`);
  let ok = true;
  cases.forEach(([name, , target], i) => {
    const r = results[i];
    const s = r.wallMs / 1000;
    const pass = target === undefined || (s <= target && r.failures === 0);
    ok &&= pass;
    console.log(
      `${target === undefined ? ' ' : pass ? '✓' : '✗'} ${name.padEnd(42)} ${fmt(s, 3).padStart(7)} ${(target === undefined ? '' : fmt(target, 1)).padStart(7)} ${(target === undefined ? '' : fmt(s / target, 2)).padStart(9)} ${fmt(r.cpuMs / 1000, 3).padStart(7)} ${fmt(r.rssMb).padStart(7)}${r.failures ? `  (${r.failures} failed runs!)` : ''}`,
    );
  });
  return ok;
}
