import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { showValue } from '../../src/config/explain.ts';
import { fileLayer, applyLayer } from '../../src/config/layers.ts';
import { readConfigFile } from '../../src/config/files.ts';
import { loaders } from '../../src/config/loaders.ts';
import { describeKind, SETTING_GROUPS, SETTINGS, defaultSettings } from '../../src/config/schema.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = `${ROOT}.vstracerc.example`;
const HOME = '/home/someone';
const defaults = () => defaultSettings({ HOME }) as unknown as Record<string, unknown>;
const valueAt = (root: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], root);

/** Dotted keys of every leaf of the defaults; a map-valued setting is one leaf. */
function leaves(node: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(node).flatMap(([name, value]) => {
    const key = prefix + name;
    const isGroup = typeof value === 'object' && value !== null && !Array.isArray(value) && SETTING_GROUPS.has(key);
    return isGroup ? leaves(value as Record<string, unknown>, `${key}.`) : [key];
  });
}

describe('the settings schema', () => {
  it('has one row for every setting in defaultSettings(), and no row for anything else', () => {
    const keys = SETTINGS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(leaves(defaults()).filter((k) => !keys.includes(k))).toEqual([]);
    // Optional settings (no default) belong to a group that exists in the defaults.
    for (const key of keys) {
      const group = key.split('.').slice(0, -1).join('.');
      if (group) expect(typeof valueAt(defaults(), group), key).toBe('object');
    }
  });

  it('every default passes its own validation', () => {
    const data = defaults();
    const layer = fileLayer(data, '/defaults.json', HOME);
    expect(layer.problems).toEqual([]);
    expect(applyLayer(defaultSettings({ HOME }), layer)).toEqual(defaultSettings({ HOME }));
  });

  it('gives every setting a VSTRACE_* variable, unique', () => {
    const names = SETTINGS.map((s) => s.env[0]!);
    for (const name of names) expect(name).toMatch(/^VSTRACE_[A-Z_]+$/);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('.vstracerc.example', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const leafNames = new Set(SETTINGS.map((s) => s.key.split('.').at(-1)!));

  it('loads through the real YAML loader, is valid, and says the true defaults', () => {
    const layer = readConfigFile({ path: EXAMPLE, role: 'explicit' }, HOME, 'yaml', () => loaders);
    expect(layer.problems).toEqual([]);
    expect(layer.entries.length).toBeGreaterThan(10);
    for (const { key, value } of layer.entries) expect(value, key).toEqual(valueAt(defaults(), key));
  });

  it('documents every setting: with its commented-out examples enabled, every key is there and valid', () => {
    const enabled = text.replace(/^(\s*)# ([A-Za-z]+):/gm, (line, indent: string, name: string) => (leafNames.has(name) ? `${indent}${name}:` : line));
    const layer = fileLayer(loaders.yaml(EXAMPLE, enabled), EXAMPLE, HOME, enabled);
    expect(layer.problems).toEqual([]);
    expect(layer.entries.map((e) => e.key).sort()).toEqual(SETTINGS.map((s) => s.key).sort());
  });

  it("names each setting's VSTRACE_* variable", () => {
    for (const spec of SETTINGS) expect(text, spec.key).toContain(spec.env[0]!.replace(/^VSTRACE_EXPORT_(CLIENT_KEY|CLIENT_CERTIFICATE)$/, '…_$1'));
  });
});

/** The settings table of docs/configuration.md, generated from the schema. UPDATE_README=1 rewrites it. */
function settingsTable(): string {
  const rows = SETTINGS.map((s) => {
    const value = s.defaultText ?? (valueAt(defaults(), s.key) === undefined ? '—' : showValue(valueAt(defaults(), s.key)));
    return `| \`${s.key}\` | ${describeKind(s.kind)} | ${value.replace(/\|/g, '\\|')} | ${s.env.map((e) => `\`${e}\``).join(', ')} | ${s.doc} |`;
  });
  return ['| setting | values | default | environment | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

describe('docs/configuration.md', () => {
  it('has the settings table as the schema renders it', () => {
    const readme = readFileSync(`${ROOT}docs/configuration.md`, 'utf8');
    const table = settingsTable();
    const current = /\| setting \| values \|[^\n]*\n(?:\|[^\n]*\n?)*/.exec(readme)?.[0]?.trimEnd();
    if (process.env.UPDATE_README && current && current !== table) writeFileSync(`${ROOT}docs/configuration.md`, readme.replace(current, table));
    else expect(current).toBe(table);
  });
});
