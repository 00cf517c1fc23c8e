import type { CheckSource } from './check.ts';
import { exportChecks } from './export.ts';
import { ciChecks } from './ci.ts';
import { clockChecks } from './clock.ts';
import { configChecks } from './config.ts';
import { nodeCheck } from './node.ts';
import { storeChecks } from './store.ts';

/** What `vstrace doctor` checks, in the order it prints. An area adds its own checks with one line. */
export const DOCTOR_CHECKS: readonly CheckSource[] = [
  { name: 'node', run: () => nodeCheck() },
  { name: 'config', run: configChecks },
  { name: 'store', run: storeChecks },
  { name: 'clock', run: (ctx) => clockChecks(ctx) },
  { name: 'ci', run: ciChecks },
  { name: 'export', run: ({ settings }) => exportChecks(settings) },
];
