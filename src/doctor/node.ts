import type { Check } from './check.ts';

/** The oldest Node vstrace runs on (package.json engines). */
export const MIN_NODE: readonly [number, number] = [20, 6];

export function nodeCheck(version: string = process.versions.node): Check[] {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  const need = `>= ${MIN_NODE.join('.')}`;
  return [
    ok
      ? { name: 'node', ok, detail: `v${version} (vstrace needs ${need})` }
      : { name: 'node', ok, detail: `v${version} is too old (vstrace needs ${need})`, fix: 'install Node 20.6 or later (e.g. nvm install --lts)' },
  ];
}
