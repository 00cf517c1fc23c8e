import { describe, expect, it } from 'vitest';
import { storedSpans, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const SLOW = { timeout: 60_000 };
const store = useTempStore();

describe('run: an option whose value is missing is a usage error, not a value', () => {
  for (const flag of ['--service', '--name', '--type', '--tag']) {
    it(`run ${flag} -- echo hi exits 125 with the fix, before the command runs`, SLOW, () => {
      const r = vstraceSync(['run', flag, '--', 'echo', 'hi'], { env: store.env });
      expect(r.status).toBe(125);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${flag} needs a value before --`);
      expect(storedSpans(store.home)).toEqual([]);
    });
  }

  it('a value given with = or as the next word still works', SLOW, () => {
    const r = vstraceSync(['run', '--service', 'api', '--name=hello', '--', 'echo', 'hi'], { env: store.env });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hi\n');
    expect(storedSpans(store.home).map((s) => s.name)).toEqual(['hello']);
  });
});
