import { loadConfig } from '../../config/resolve.ts';
import type { SettingFlags } from '../../config/schema.ts';
import type { CheckSource } from '../../doctor/check.ts';
import { runChecks } from '../../doctor/check.ts';
import { DOCTOR_CHECKS } from '../../doctor/checks.ts';
import { renderChecks } from '../../doctor/render.ts';
import type { Env } from '../../trace/carrier.ts';
import { choosePalette } from '../../view/format.ts';

/** --json, and the setting flags of run: doctor checks what a run with them would use. */
export interface DoctorOptions extends SettingFlags {
  json: boolean;
}

/** Exit status: 0 all passed, 1 a check failed, 2 the configuration is broken (as for vstrace config). */
export const DOCTOR_FAILED = 1;
export const DOCTOR_BAD_CONFIG = 2;

/**
 * `vstrace doctor`: every check, one line each with a fix. With a broken
 * config the other checks still run on what is usable, and the exit is 2.
 */
export async function doctorCommand(options: DoctorOptions, env: Env, cwd: string, isTTY: boolean, sources: readonly CheckSource[] = DOCTOR_CHECKS): Promise<{ text: string; exitCode: number }> {
  const config = loadConfig(options, env, cwd);
  const checks = await runChecks(sources, { settings: config.settings, config, env, cwd });
  const ok = checks.every((c) => c.ok);
  const exitCode = config.problems.length > 0 ? DOCTOR_BAD_CONFIG : ok ? 0 : DOCTOR_FAILED;
  const text = options.json ? JSON.stringify({ ok, checks }, null, 2) : renderChecks(checks, choosePalette(isTTY, env));
  return { text, exitCode };
}
