import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { storedSpans } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { useFigures } from './support/figures.ts';
import { countDeathReports, DEATH_REPORT, nestedSample, runShellMatrix, SIGNALS } from './support/matrix.ts';

/**
 * Process fidelity: wrapped once or twice, a command gives its shell the same
 * `$?` and the same death by signal as when it runs bare — for every exit code,
 * under bash and dash here, under make in fidelity-make-output.test.ts.
 */
const store = useTempStore();
const figures = useFigures('fidelity');
const CODES = Array.from({ length: 256 }, (_, i) => i);
const NESTED = nestedSample(16);
const MINUTES = 60_000;

const expectedStatus = (name: string) => (/^\d+$/.test(name) ? Number(name) : 128 + signalNo(name));
const signalNo = (name: string) => Number(spawnSync('bash', ['-c', `kill -l ${name}`], { encoding: 'utf8' }).stdout.trim());

describe.each(['bash', 'dash'] as const)('exit statuses and signal deaths under %s', (shell) => {
  it(
    'every code 0-255 and six signals: wrapped and nested give the bare command $?, and the shell reports the same deaths',
    () => {
      const cases = [...CODES.map((c) => (NESTED.has(c) ? `${c}+` : `${c}`)), ...SIGNALS.map((s) => `${s}+`)];
      const { rows, stderr } = runShellMatrix(shell, cases, store.env);

      expect(rows.map((r) => r.name)).toEqual(cases.map((c) => c.replace('+', '')));
      for (const row of rows) {
        expect(row.bare, `bare ${row.name}`).toBe(String(expectedStatus(row.name)));
        expect(row.wrapped, `wrapped ${row.name}`).toBe(row.bare);
        expect(row.nested, `nested ${row.name}`).toBe(NESTED.has(Number(row.name)) || !/^\d+$/.test(row.name) ? row.bare : '-');
      }
      // A death by signal, not an exit with 128+N: the shell reports it, once per variant (bare, wrapped, nested).
      const reported = countDeathReports(stderr);
      const expected = Object.fromEntries(SIGNALS.filter((s) => DEATH_REPORT[s]).map((s) => [DEATH_REPORT[s], 3]));
      expect(reported).toEqual(expected);

      const nestedRows = rows.filter((r) => r.nested !== '-').length;
      const spansExpected = rows.length + 2 * nestedRows;
      const stored = storedSpans(store.home).length;
      figures.spansExpected += spansExpected;
      figures.spansLost += Math.max(0, spansExpected - stored);
      expect(stored).toBe(spansExpected);
      figures.runs += rows.length + nestedRows;
      if (shell === 'bash')
        figures.notes.push(
          `exit matrix: all 256 codes and ${SIGNALS.length} signals direct under bash, dash and make; nested: ${NESTED.size} codes (edges and every 16th; VSTRACE_STRESS_FULL=1 runs all 256) and every signal`,
        );
    },
    10 * MINUTES,
  );
});
