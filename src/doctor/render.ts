import type { Palette } from '../view/format.ts';
import type { Check } from './check.ts';

/** One line per check: `✓ node    v22.11.0 …` or `✗ store   … → fix: …`, then a summary. */
export function renderChecks(checks: readonly Check[], palette: Palette): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => {
    const mark = c.ok ? '✓' : palette.red('✗');
    const fix = !c.ok && c.fix ? palette.dim(` → fix: ${c.fix}`) : '';
    return `${mark} ${c.name.padEnd(width)}  ${c.detail}${fix}`;
  });
  const failed = checks.filter((c) => !c.ok).length;
  const summary = failed === 0 ? `all ${checks.length} checks passed` : `${failed} of ${checks.length} checks failed`;
  return [...lines, '', summary].join('\n');
}
