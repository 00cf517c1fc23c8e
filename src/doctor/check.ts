import type { ResolvedConfig } from '../config/resolve.ts';
import type { Settings } from '../config/schema.ts';
import { describe } from '../errors.ts';
import type { Env } from '../trace/carrier.ts';

/** One line of `vstrace doctor`: what was checked, how it went, and how to fix it when it failed. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorContext {
  settings: Settings;
  config: ResolvedConfig;
  env: Env;
  cwd: string;
}

/** A group of checks; one area (export, CI, …) plugs in its own with one line in checks.ts. */
export interface CheckSource {
  /** Names the group when its run throws. */
  name: string;
  run: (ctx: DoctorContext) => Check[] | Promise<Check[]>;
}

/**
 * Runs every source concurrently (an exporter probe may take a while) and
 * keeps their order. A source that throws becomes a failed check, so one
 * broken probe never hides the others.
 */
export async function runChecks(sources: readonly CheckSource[], ctx: DoctorContext): Promise<Check[]> {
  const results = await Promise.all(
    sources.map(async (source) => {
      try {
        return await source.run(ctx);
      } catch (error) {
        return [{ name: source.name, ok: false, detail: `the check itself failed: ${describe(error)}`, fix: 'please report it' }];
      }
    }),
  );
  return results.flat();
}
