import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Where each stress suite leaves its figures; the global teardown merges them into reliability.json. */
export const FIGURES_DIR = fileURLToPath(new URL('../../../test-artifacts/reliability', import.meta.url));

export interface SuiteFigures {
  /** Cases actually run: matrix rows, generated inputs, corpus entries, parallel runs. */
  cases: number;
  /** Fault scenarios run, and how many of them met every requirement. */
  faults: number;
  faultsSurvived: number;
  /** Spans that should be in the store, and how many of them were not. */
  spansExpected: number;
  spansLost: number;
  /** Short facts a reader needs to trust the numbers (what was sampled, what was skipped and why). */
  notes: string[];
}

/**
 * A tally per suite file, filled as tests pass (a test adds to it only after its
 * assertions), written when the file ends. Only counts from passing tests reach
 * the README, so a number there is one a run really proved.
 */
export function useFigures(suite: string): SuiteFigures {
  const figures: SuiteFigures = { cases: 0, faults: 0, faultsSurvived: 0, spansExpected: 0, spansLost: 0, notes: [] };
  afterAll(() => {
    mkdirSync(FIGURES_DIR, { recursive: true });
    const entry = { suite, ranAt: new Date().toISOString(), ...figures };
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
    figures.cases += 1;
    figures.notes.push(name);
  };
}
