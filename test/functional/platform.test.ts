import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, storedSpans, vstraceSync, VSTRACE } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

/**
 * Both sets of platform reads (src/platform/): /proc on Linux, and the ps-based
 * fallbacks macOS uses, chosen here with VSTRACE_PLATFORM=portable. .ci/run also
 * runs the process-level suites whole on the fallbacks.
 */
const store = useTempStore();
const MODES = [
  ['procfs', { VSTRACE_PLATFORM: '' }],
  ['portable', { VSTRACE_PLATFORM: 'portable' }],
] as const;

describe('the platform reads', () => {
  it.each(MODES)('%s: Ctrl-C through a real pty reaches the command exactly once', (_mode, extra) => {
    const script = `${store.dir}/count-ints.sh`;
    writeFileSync(script, 'n=0; trap \'n=$((n+1))\' INT; echo ready; while [ "$n" -eq 0 ]; do sleep 0.05; done; sleep 0.5; echo "INTS=$n"; exit 3\n');
    const r = spawnSync('python3', [`${FIXTURES}/ctrl-c.py`, VSTRACE, 'run', '--', 'bash', script], { env: { ...store.env, ...extra }, encoding: 'utf8', timeout: 30_000 });
    const result = JSON.parse(r.stdout) as { output: string; exit: number };
    expect(result.output).toContain('INTS=1');
    expect(result.exit).toBe(3);
  });

  it.each(MODES)("%s: children's CPU where the system tells it, and no figure at all where it cannot", (mode, extra) => {
    expect(vstraceSync(['run', '--name', `cpu-${mode}`, '--', 'sh', '-c', 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done'], { env: { ...store.env, ...extra } }).status).toBe(0);
    const span = storedSpans(store.home).find((s) => s.name === `cpu-${mode}`)!;
    if (mode === 'procfs') expect(typeof span.attributes['vstrace.cpu.user_seconds']).toBe('number');
    else expect(Object.keys(span.attributes).filter((k) => k.startsWith('vstrace.cpu.'))).toEqual([]);
  });
});
