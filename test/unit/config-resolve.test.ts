import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfigFile, findProjectFiles } from '../../src/config/files.ts';
import { loaders } from '../../src/config/loaders.ts';
import { loadConfig } from '../../src/config/resolve.ts';
import type { SettingFlags } from '../../src/config/schema.ts';
import { tempDir } from '../support/env.ts';

let root = '';
let cleanup = () => {};
beforeEach(() => {
  const t = tempDir('vstrace-config-');
  root = t.path;
  cleanup = t.cleanup;
  mkdirSync(join(root, 'home', '.config', 'vstrace'), { recursive: true });
  mkdirSync(join(root, 'proj', 'sub'), { recursive: true });
});
afterEach(() => cleanup());

const write = (path: string, content: unknown) => {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return full;
};
const baseEnv = () => ({ HOME: join(root, 'home') });
const cwd = () => join(root, 'proj', 'sub');

/**
 * The precedence matrix: each source sets the same setting to its own value;
 * for every pair of sources, the higher one wins and is named as the source.
 */
type Source = { name: string; apply: (flags: SettingFlags, env: Record<string, string>) => void; source: string };
const sources = (key: 'service' | 'exporter', values: string[]): Source[] => {
  const [flag, vstraceEnv, otelEnv, project, user] = values as [string, string, string, string, string];
  const fileValue = (v: string) => (key === 'service' ? { service: v } : { export: { exporter: v } });
  return [
    { name: 'flag', source: `flag --${key}`, apply: (f) => void (f[key] = flag) },
    {
      name: 'VSTRACE_* env',
      source: key === 'service' ? 'env VSTRACE_SERVICE' : 'env VSTRACE_EXPORTER',
      apply: (_f, e) => void (e[key === 'service' ? 'VSTRACE_SERVICE' : 'VSTRACE_EXPORTER'] = vstraceEnv),
    },
    {
      name: 'OTEL_* env',
      source: key === 'service' ? 'env OTEL_SERVICE_NAME' : 'env OTEL_TRACES_EXPORTER',
      apply: (_f, e) => void (e[key === 'service' ? 'OTEL_SERVICE_NAME' : 'OTEL_TRACES_EXPORTER'] = otelEnv),
    },
    { name: 'project file', source: '~/../proj/.vstracerc.json', apply: () => void write('proj/.vstracerc.json', fileValue(project)) },
    { name: 'user file', source: '~/.config/vstrace/config.json', apply: () => void write('home/.config/vstrace/config.json', fileValue(user)) },
  ];
};
const pairs = <T>(list: readonly T[]): Array<[T, T]> => list.flatMap((a, i) => list.slice(i + 1).map((b): [T, T] => [a, b]));

describe.each([
  ['service', 'service', ['flag-svc', 'vstrace-svc', 'otel-svc', 'project-svc', 'user-svc'], 'vstrace'],
  ['exporter', 'export.exporter', ['jaeger', 'tempo', 'console', 'honeycomb', 'lightstep'], 'none'],
] as const)('precedence of %s: flags > VSTRACE_* > OTEL_* > project file > user file > defaults', (flagKey, key, values, fallback) => {
  const list = sources(flagKey, [...values]);
  const read = (config: ReturnType<typeof loadConfig>) => (key === 'service' ? config.settings.service : config.settings.export.exporter);

  it.each(pairs(list).map(([high, low]) => [high.name, low.name, high, low] as const))('%s beats %s', (_h, _l, high, low) => {
    const flags: SettingFlags = {};
    const env: Record<string, string> = baseEnv();
    low.apply(flags, env);
    high.apply(flags, env);
    const config = loadConfig(flags, env, cwd());
    expect(config.problems).toEqual([]);
    expect(read(config)).toBe(values[list.indexOf(high)]);
    expect(config.sources[key]!.replace(root, '~/..')).toBe(high.source);
  });

  it.each(list.map((s) => [s.name, s] as const))('%s beats the default', (_n, only) => {
    const flags: SettingFlags = {};
    const env: Record<string, string> = baseEnv();
    only.apply(flags, env);
    const config = loadConfig(flags, env, cwd());
    expect(read(config)).toBe(values[list.indexOf(only)]);
    const untouched = loadConfig({}, { HOME: join(root, 'nobody') }, root);
    expect(key === 'service' ? untouched.settings.service : untouched.settings.export.exporter).toBe(fallback);
    expect(untouched.sources[key]).toBe('default');
  });
});

describe('which files apply', () => {
  it('takes the nearest project file, a "vstrace" key in package.json counting as one', () => {
    write('proj/.vstracerc.json', { service: 'far' });
    write('proj/sub/package.json', { name: 'x', devDependencies: { vstrace: '^1' } });
    expect(loadConfig({}, baseEnv(), cwd()).settings.service).toBe('far');
    write('proj/sub/package.json', { name: 'x', vstrace: { service: 'from-package' } });
    const config = loadConfig({}, baseEnv(), cwd());
    expect(config.settings.service).toBe('from-package');
    expect(config.files.map((f) => [f.path.slice(root.length), f.role, f.packageKey])).toEqual([['/proj/sub/package.json', 'project', true]]);
    expect(findProjectFiles(cwd(), true).map((f) => f.path.slice(root.length))).toContain('/proj/.vstracerc.json');
  });

  it('--config names the one file, replacing project and user files; VSTRACE_CONFIG does the same, the flag winning', () => {
    write('proj/.vstracerc.json', { service: 'project', defaultType: 'from-project' });
    write('home/.config/vstrace/config.json', { defaultTags: { team: 'user' } });
    const explicit = write('elsewhere/ci.json', { service: 'explicit' });
    const byFlag = loadConfig({ config: explicit }, baseEnv(), cwd());
    expect([byFlag.settings.service, byFlag.settings.defaultType, byFlag.settings.defaultTags]).toEqual(['explicit', undefined, {}]);
    expect(byFlag.files.map((f) => f.role)).toEqual(['explicit']);
    const other = write('elsewhere/other.json', { service: 'by-env' });
    expect(loadConfig({}, { ...baseEnv(), VSTRACE_CONFIG: other }, cwd()).settings.service).toBe('by-env');
    expect(loadConfig({ config: explicit }, { ...baseEnv(), VSTRACE_CONFIG: other }, cwd()).settings.service).toBe('explicit');
  });

  it('VSTRACE_CONFIG=none (or --config none) turns files off', () => {
    write('proj/.vstracerc.json', { service: 'project' });
    write('home/.config/vstrace/config.json', { service: 'user' });
    for (const config of [loadConfig({}, { ...baseEnv(), VSTRACE_CONFIG: 'none' }, cwd()), loadConfig({ config: 'none' }, baseEnv(), cwd())]) {
      expect(config.files).toEqual([]);
      expect(config.settings.service).toBe('vstrace');
    }
  });

  it('the user file sits under $XDG_CONFIG_HOME when it is set', () => {
    write('xdg/vstrace/config.json', { service: 'xdg' });
    write('home/.config/vstrace/config.json', { service: 'dot-config' });
    expect(loadConfig({}, { ...baseEnv(), XDG_CONFIG_HOME: join(root, 'xdg') }, cwd()).settings.service).toBe('xdg');
  });

  it('a missing --config file is a usage error, a missing VSTRACE_CONFIG a problem, and a broken file is ignored as a whole', () => {
    expect(() => loadConfig({ config: 'nope.yaml' }, baseEnv(), cwd())).toThrow('--config nope.yaml: no such file (give a config file, or none for no files)');
    expect(loadConfig({}, { ...baseEnv(), VSTRACE_CONFIG: 'nope.yaml' }, cwd()).problems).toEqual(['VSTRACE_CONFIG nope.yaml: no such file (give a config file, or none for no files)']);
    write('home/.config/vstrace/config.json', { defaultTags: { team: 'infra' } });
    write('proj/.vstracerc.json', { service: 'half', export: { exporter: 'otlp', protocol: 'htp/json' } });
    const config = loadConfig({}, baseEnv(), cwd());
    expect(config.problems).toEqual(['~/../proj/.vstracerc.json:5: export.protocol: "htp/json" is not one of http/protobuf, http/json, grpc'.replace('~/..', root)]);
    expect([config.settings.service, config.settings.export.exporter, config.settings.defaultTags]).toEqual(['vstrace', 'none', { team: 'infra' }]);
  });

  it('a bad flag value is a usage error', () => {
    expect(() => loadConfig({ exporter: 'zipkin' }, baseEnv(), cwd())).toThrow('--exporter: "zipkin" is not one of none, otlp, jaeger, lightstep, honeycomb, tempo, console, file');
  });

  it("a relative path in a file is taken from the file's directory", () => {
    write('proj/.vstracerc.json', { store: { home: 'traces' }, export: { certificate: '~/ca.pem' } });
    const { settings } = loadConfig({}, baseEnv(), cwd());
    expect([settings.store.home, settings.export.certificate]).toEqual([join(root, 'proj', 'traces'), join(root, 'home', 'ca.pem')]);
  });
});

describe('files that do not parse', () => {
  it('JSON: the line and column of the syntax error, found by the loaders chunk', () => {
    const path = write('proj/.vstracerc.json', '{\n  "service": "a",\n  "store": {,}\n}');
    const [problem] = readConfigFile({ path, role: 'project' }, join(root, 'home'), undefined, () => loaders).problems;
    expect(problem).toBe(`${path}:3:13: not valid JSON (expected a property name in double quotes, found ",")`);
  });

  it("YAML (also .vstracerc without an extension): the line, through cosmiconfig's loader", () => {
    const path = write('proj/.vstracerc', 'service: a\nexport:\n  protocol: grpc\n bad: [\n');
    const [problem] = readConfigFile({ path, role: 'project' }, join(root, 'home'), undefined, () => loaders).problems;
    expect(problem).toMatch(new RegExp(`^${path}:\\d: not valid YAML \\(.+\\)$`));
  });
});
