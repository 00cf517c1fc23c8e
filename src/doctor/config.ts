import { homeOf, tildify } from '../config/values.ts';
import { findProjectFiles } from '../config/files.ts';
import type { Check, DoctorContext } from './check.ts';

const FIX = 'correct it (vstrace config --help lists the settings), or VSTRACE_CONFIG=none to ignore config files';

/** Config files found and valid, and the environment's settings usable. */
export function configChecks({ config, env, cwd }: DoctorContext): Check[] {
  const home = homeOf(env);
  const checks: Check[] = [];
  const fileProblems = new Set<string>();
  for (const file of config.files) {
    const where = `${tildify(file.path, home)} (${file.role} file${file.packageKey ? ', "vstrace" key' : ''})`;
    file.problems.forEach((p) => fileProblems.add(p));
    if (file.problems.length === 0) checks.push({ name: 'config', ok: true, detail: `${where} is valid` });
    else checks.push(...file.problems.map((detail) => ({ name: 'config', ok: false, detail, fix: FIX })));
  }
  if (config.files.length === 0) {
    const off = (env.VSTRACE_CONFIG ?? '').trim() === 'none';
    checks.push({ name: 'config', ok: true, detail: off ? 'config files off (VSTRACE_CONFIG=none)' : 'no config file (settings come from flags, environment and defaults)' });
  }
  const shadowed = config.files.some((f) => f.role === 'project') ? findProjectFiles(cwd, true).filter((f) => !f.untrusted && !config.files.some((used) => used.path === f.path)) : [];
  if (shadowed.length > 0) {
    const last = checks.findLast((c) => c.ok);
    if (last) last.detail += `; not used, as the nearest file wins: ${shadowed.map((f) => tildify(f.path, home)).join(', ')}`;
  }
  for (const problem of config.problems.filter((p) => !fileProblems.has(p))) {
    checks.push({ name: 'config', ok: false, detail: problem, fix: 'correct or unset it' });
  }
  return checks;
}
