import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The map in ARCHITECTURE.md, checked on every run: dependency-cruiser with the
 * rules of .dependency-cruiser.cjs (a pure core, imports one way, no cycles —
 * type-only imports included), per module and per folder; and, because a
 * clock or the process can be reached without an import, the core's text.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };

async function violations(collapse?: string): Promise<string[]> {
  const result = await cruise(['src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, ...(collapse ? { collapse } : {}) } as never);
  const output = result.output as { modules: unknown[]; summary: { violations: Array<{ rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string }> }> } };
  expect(output.modules.length, 'modules cruised').toBeGreaterThan(collapse ? 15 : 150);
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
}

describe('the architecture', () => {
  it('has no import against the layers and no cycle between modules', async () => {
    expect(await violations()).toEqual([]);
  }, 60_000);

  it('has no cycle between folders', async () => {
    expect(await violations('^src/[^/]+/')).toEqual([]);
  }, 60_000);

  it('keeps the core free of the clock, randomness and the process (which need no import)', () => {
    const core = ['trace', 'redact', 'stats', 'ci', 'ci/providers', 'sh'].flatMap((dir) =>
      readdirSync(join(ROOT, 'src', dir))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join('src', dir, f)),
    );
    expect(core.length).toBeGreaterThan(30);
    const FORBIDDEN =
      /\b(?:Date\.now\(|new Date\(\)|performance\.|Math\.random\(|globalThis\.crypto|process\.(?:env|argv|pid|ppid|cwd|exit|stdout|stderr|stdin|platform|hrtime|kill|on|uptime|memoryUsage)\b|require\()/;
    const found = core.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ line: line.replace(/'[^']*'|`[^`]*`|\/\/.*$|^\s*\*.*$/g, ''), at: `${file}:${i + 1}` }))
        .filter(({ line }) => FORBIDDEN.test(line))
        .map(({ at }) => at),
    );
    expect(found).toEqual([]);
  });
});
