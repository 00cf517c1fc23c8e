import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';

/** Where each stress suite leaves its figures; the global teardown merges them into reliability.json. */
export const FIGURES_DIR = fileURLToPath(new URL('../../../test-artifacts/reliability', import.meta.url));

export interface SuiteFigures {
  /** Process-level runs whose result was checked: the built binary, a driver script, a shell, a make. */
  runs: number;
  /** Property iterations (fast-check), in process: a different unit, never added to runs. */
  iterations: number;
  /** Assertions that passed (vitest's count, test by test). */
  assertions: number;
  /** Fault scenarios run, and how many of them met every requirement. */
  faults: number;
  faultsSurvived: number;
  /** Scenarios not run here and why: they stay in the denominator ("6/8, 2 skipped: …"). */
  skipped: string[];
  /** Spans the runs must have recorded (counted from what was run, not from what was stored), and how many were not found. */
  spansExpected: number;
  spansLost: number;
  /** Short facts a reader needs to trust the numbers (what was sampled, and how). */
  notes: string[];
}

/** The commit the figures are of: the ledger refuses figures of any other. */
function commitOf(): string {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() !== '';
  return head === '' ? 'unknown' : `${head}${dirty ? '+dirty' : ''}`;
}

/**
 * A tally per suite file, filled as tests pass (a test adds to it only after its
 * assertions), written when the file ends with the commit it ran on. Only
 * counts from passing tests reach the ledger, so a number there is one a run
 * really proved.
 */
export function useFigures(suite: string): SuiteFigures {
  const figures: SuiteFigures = { runs: 0, iterations: 0, assertions: 0, faults: 0, faultsSurvived: 0, skipped: [], spansExpected: 0, spansLost: 0, notes: [] };
  afterEach(() => {
    figures.assertions += expect.getState().assertionCalls;
  });
  afterAll(() => {
    mkdirSync(FIGURES_DIR, { recursive: true });
    const entry = { suite, ranAt: new Date().toISOString(), commit: commitOf(), ...figures };
    writeFileSync(join(FIGURES_DIR, `${suite}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  });
  return figures;
}

/** A fault scenario's test body, counted as survived only once it got through every assertion. */
export function faultScenario(figures: SuiteFigures, name: string, body: () => void | Promise<void>): () => Promise<void> {
  return async () => {
    figures.faults += 1;
    await body();
    figures.faultsSurvived += 1;
    figures.runs += 1;
    figures.notes.push(name);
  };
}
