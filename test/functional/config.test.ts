import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const store = useTempStore();
let home = '';
let project = '';
let env: Record<string, string> = {};
beforeEach(() => {
  home = join(store.dir, 'home');
  project = join(store.dir, 'proj');
  mkdirSync(join(project, 'sub'), { recursive: true });
  mkdirSync(home, { recursive: true });
  env = { ...store.env, HOME: home };
});

/** Runs argv, passes its stderr on, prints its exit status and the peak resident memory of the processes it started (KB). */
const MAX_RSS =
  'import resource, subprocess, sys\nr = subprocess.run(sys.argv[1:], stderr=subprocess.PIPE, timeout=15)\nsys.stderr.write(r.stderr.decode())\nprint(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const configJson = (args: string[] = [], extra: Record<string, string> = {}) => {
  const r = vstraceSync(['config', '--json', ...args], { env: { ...env, ...extra }, cwd: join(project, 'sub') });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { files: Array<{ path: string; role: string }>; settings: Record<string, any>; sources: Record<string, string> };
};

describe('every config format, found where users put it', () => {
  it.each([
    ['.vstracerc.json', '{ "service": "fmt", "export": { "timeoutMs": 1500 } }'],
    ['.vstracerc.yaml', 'service: fmt\nexport:\n  timeoutMs: 1500\n'],
    ['.vstracerc.yml', 'service: fmt\nexport.timeoutMs: 1500\n'],
    ['.vstracerc', 'service: fmt   # YAML without an extension\nexport: { timeoutMs: 1500 }\n'],
    ['.vstracerc', '{"service": "fmt", "export": {"timeoutMs": 1500}}'],
    ['vstrace.config.js', 'module.exports = { service: "fmt", export: { timeoutMs: 1500 } };\n'],
    ['vstrace.config.cjs', 'module.exports = { service: ["f", "m", "t"].join(""), export: { timeoutMs: 1500 } };\n'],
    ['vstrace.config.mjs', 'export default { service: "fmt", export: { timeoutMs: 1500 } };\n'],
    ['package.json', '{ "name": "app", "vstrace": { "service": "fmt", "export": { "timeoutMs": 1500 } } }'],
  ])('%s (%#)', (name, text) => {
    const path = write(join(project, name), text);
    const config = configJson();
    expect(config.settings.service).toBe('fmt');
    expect(config.settings.export.timeoutMs).toBe(1500);
    expect(config.sources.service).toBe(path.replace(home, '~'));
    expect(config.files).toEqual([{ path, role: 'project' }]);
  });

  it('the user file (~/.config/vstrace/config.yaml), below a project file', () => {
    const user = write(join(home, '.config', 'vstrace', 'config.yaml'), 'service: user\ndefaultTags: { team: infra }\n');
    write(join(project, '.vstracerc.json'), '{ "service": "project" }');
    const config = configJson();
    expect(config.settings.service).toBe('project');
    expect(config.settings.defaultTags).toEqual({ team: 'infra' });
    expect(config.sources.defaultTags).toBe('~/.config/vstrace/config.yaml');
    expect(config.files.map((f) => f.path)).toEqual([user, join(project, '.vstracerc.json')]);
  });

  it('--config names the file, relative to the working directory', () => {
    write(join(project, '.vstracerc.json'), '{ "service": "project" }');
    write(join(project, 'sub', 'ci', 'vstrace.yaml'), 'service: explicit\n');
    expect(configJson(['--config', 'ci/vstrace.yaml']).settings.service).toBe('explicit');
    expect(configJson([], { VSTRACE_CONFIG: 'none' }).files).toEqual([]);
  });
});

describe('vstrace run with a config', () => {
  it('applies the project file; a flag beats the environment, which beats the file', () => {
    write(join(project, '.vstracerc.yaml'), 'service: from-file\ndefaultTags:\n  team: infra\nnameTemplate: "{command} ({type})"\n');
    const cwd = join(project, 'sub');
    expect(vstraceSync(['run', '--type', 'build', '--', 'true'], { env, cwd }).status).toBe(0);
    expect(vstraceSync(['run', '--', 'true'], { env: { ...env, VSTRACE_SERVICE: 'from-env' }, cwd }).status).toBe(0);
    expect(vstraceSync(['run', '--service', 'from-flag', '--', 'true'], { env: { ...env, VSTRACE_SERVICE: 'from-env', OTEL_SERVICE_NAME: 'otel' }, cwd }).status).toBe(0);
    expect(vstraceSync(['run', '--config', 'none', '--', 'true'], { env, cwd }).status).toBe(0);
    const spans = storedSpans(store.home);
    expect(spans.map((s) => [s.name, s.resource['service.name'], s.attributes.team])).toEqual([
      ['true (build)', 'from-file', 'infra'],
      ['true', 'from-env', 'infra'],
      ['true', 'from-flag', 'infra'],
      ['true', 'vstrace', undefined],
    ]);
  });

  it('service.name: --service, then OTEL_SERVICE_NAME, beat one in OTEL_RESOURCE_ATTRIBUTES, which names the service only alone', () => {
    const withAttr = { ...env, OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes,team=web' };
    expect(vstraceSync(['run', '--service', 'from-flag', '--', 'true'], { env: { ...withAttr, OTEL_SERVICE_NAME: 'from-otel' }, cwd: project }).status).toBe(0);
    expect(vstraceSync(['run', '--', 'true'], { env: { ...withAttr, OTEL_SERVICE_NAME: 'from-otel' }, cwd: project }).status).toBe(0);
    expect(vstraceSync(['run', '--', 'true'], { env: withAttr, cwd: project }).status).toBe(0);
    expect(storedSpans(store.home).map((s) => [s.resource['service.name'], s.resource.team])).toEqual([
      ['from-flag', 'web'],
      ['from-otel', 'web'],
      ['from-attributes', 'web'],
    ]);
    const r = vstraceSync(['config', '--json'], { env: withAttr, cwd: project });
    expect(JSON.parse(r.stdout)).toMatchObject({ settings: { service: 'from-attributes' }, sources: { service: 'env OTEL_RESOURCE_ATTRIBUTES' } });
  });

  it('a broken config warns once, tracing falls back, and the command runs with its own status', () => {
    write(join(project, '.vstracerc.yaml'), 'service: broken\nexport:\n  protocol: htp/json\nservce: x\n');
    const r = vstraceSync(['run', '--', 'sh', '-c', 'echo out; exit 3'], { env: { ...env, OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }, cwd: join(project, 'sub') });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe(
      'vstrace: warning: ~/../proj/.vstracerc.yaml:3: export.protocol: "htp/json" is not one of http/protobuf, http/json, grpc (+2 more); ignoring what is broken (vstrace doctor checks the config)\n'.replace(
        '~/../proj',
        project,
      ),
    );
    const [span] = storedSpans(store.home);
    expect(span?.resource['service.name']).toBe('vstrace');
    expect(span?.attributes['process.exit.code']).toBe(3);
  });

  it('--config naming a missing file is a usage error (125, nothing runs); VSTRACE_CONFIG naming one is a warning, and -q silences it', () => {
    const r = vstraceSync(['run', '--config', 'missing.yaml', '--', 'echo', 'ran'], { env, cwd: project });
    expect([r.status, r.stdout, r.stderr]).toEqual([125, '', 'vstrace: --config missing.yaml: no such file (give a config file, or none for no files)\n']);
    const fromEnv = { ...env, VSTRACE_CONFIG: 'missing.yaml' };
    expect(vstraceSync(['run', '--', 'true'], { env: fromEnv, cwd: project })).toMatchObject({
      status: 0,
      stderr: 'vstrace: warning: VSTRACE_CONFIG missing.yaml: no such file (give a config file, or none for no files); ignoring what is broken (vstrace doctor checks the config)\n',
    });
    expect(vstraceSync(['run', '-q', '--', 'true'], { env: fromEnv, cwd: project }).stderr).toBe('');
  });
});

describe('vstrace config', () => {
  const SECRETS = ['hunter2', 'abc123team', 'ls-t0ken-value', 'zzsecretzz'];

  it('shows each setting with its source, secrets masked', () => {
    write(join(project, '.vstracerc.yaml'), 'service: api\nexport:\n  endpoint: https://ci:hunter2@collector.example:4318\n  headers:\n    x-honeycomb-team: abc123team\n    x-plain: zzsecretzz\n');
    const extra = { LS_ACCESS_TOKEN: 'ls-t0ken-value', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' };
    const r = vstraceSync(['config'], { env: { ...env, ...extra }, cwd: project });
    expect(r.status).toBe(0);
    const line = (key: string) =>
      r.stdout
        .split('\n')
        .find((l) => l.startsWith(`${key} `))
        ?.replace(/\s+/g, ' ');
    const file = `${project}/.vstracerc.yaml`;
    expect(line('service')).toBe(`service api ${file}`);
    expect(line('export.protocol')).toBe('export.protocol grpc env OTEL_EXPORTER_OTLP_PROTOCOL');
    expect(line('export.endpoint')).toBe(`export.endpoint https://ci:[REDACTED]@collector.example:4318 ${file}`);
    expect(line('export.headers')).toBe(`export.headers x-honeycomb-team=[REDACTED], x-plain=[REDACTED] ${file}`);
    expect(line('export.accessToken')).toBe('export.accessToken [REDACTED] env LS_ACCESS_TOKEN');
    expect(line('export.timeoutMs')).toBe('export.timeoutMs 10000 default');
    expect(line('export.certificate')).toBe('export.certificate (unset) default');
    const json = vstraceSync(['config', '--json'], { env: { ...env, ...extra }, cwd: project }).stdout;
    expect(JSON.parse(json).settings.export.headers).toEqual({ 'x-honeycomb-team': '[REDACTED]', 'x-plain': '[REDACTED]' });
    for (const secret of SECRETS) expect(r.stdout + json).not.toContain(secret);
  });

  it('a header name HTTP cannot send is an error here (exit 2), from the environment or a file', () => {
    const rule = "(use letters, digits and !#$%&'*+-.^_`|~)";
    const fromEnv = vstraceSync(['config'], { env: { ...env, VSTRACE_EXPORT_HEADERS: 'bad header=v' }, cwd: project });
    expect([fromEnv.status, fromEnv.stderr.split('\n')[0]]).toEqual([2, `vstrace: VSTRACE_EXPORT_HEADERS: a header name cannot hold " " after "bad" ${rule}`]);
    const file = write(join(project, '.vstracerc.yaml'), 'export:\n  headers:\n    bad header: v\n');
    const fromFile = vstraceSync(['config'], { env, cwd: project });
    expect([fromFile.status, fromFile.stderr.split('\n')[0]]).toEqual([2, `vstrace: ${file}:2: export.headers: a header name cannot hold " " after "bad" ${rule}`]);
  });

  it('a redact pattern that can backtrack exponentially is an error here (exit 2) and a warning for run, which redacts without it', () => {
    const problem =
      'repeats a group that itself holds a repetition or alternatives (like (a+)+ or (a|ab)*), which takes exponential time on some arguments: repeat a character class instead ([ab]+), or drop the outer repetition';
    const file = write(join(project, '.vstracerc.yaml'), 'redact:\n  patterns:\n    - "internal-[0-9]{4}"\n    - "(a+)+b"\n');
    const config = vstraceSync(['config'], { env, cwd: project });
    expect([config.status, config.stderr.split('\n')[0]]).toEqual([2, `vstrace: ${file}:2: redact.patterns[1]: "(a+)+b" ${problem}`]);
    const hostile = `${'a'.repeat(40)}!`;
    const run = vstraceSync(['run', '--', 'echo', hostile, '--password', 'hunter2'], { env, cwd: project });
    expect([run.status, run.stdout]).toEqual([0, `${hostile} --password hunter2\n`]);
    expect(run.stderr).toContain(`vstrace: warning: ${file}:2: redact.patterns[1]: "(a+)+b" ${problem}`);
    expect(storedSpans(store.home).at(-1)!.attributes['process.command_args']).toEqual(['echo', hostile, '--password', '[REDACTED]']);
  });

  it("takes run's setting flags, shown as their source; a bad one is a usage error", () => {
    write(join(project, '.vstracerc.yaml'), 'service: from-file\n');
    const config = configJson(['--service', 'api', '--type', 'build', '--exporter', 'jaeger'], { VSTRACE_SERVICE: 'from-env' });
    expect([config.settings.service, config.settings.defaultType, config.settings.export.exporter]).toEqual(['api', 'build', 'jaeger']);
    expect([config.sources.service, config.sources.defaultType, config.sources['export.exporter']]).toEqual(['flag --service', 'flag --type', 'flag --exporter']);
    const bad = vstraceSync(['config', '--exporter', 'zipkin'], { env, cwd: project });
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([2, '', 'vstrace: --exporter: "zipkin" is not one of none, otlp, jaeger, lightstep, honeycomb, tempo, console, file\n']);
  });

  it('is an error (exit 2) listing every problem of a broken config', () => {
    write(join(project, '.vstracerc.json'), '{\n  "exporter": "otlp",\n  "store": { "maxSizeMb": -1 }\n}\n');
    const r = vstraceSync(['config'], { env: { ...env, VSTRACE_EXPORT_COMPRESSION: 'zip' }, cwd: project });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.replaceAll(project, '~/proj')).toBe(
      [
        'vstrace: ~/proj/.vstracerc.json:2: exporter: unknown setting; did you mean export.exporter?',
        'vstrace: ~/proj/.vstracerc.json:3: store.maxSizeMb: -1 is not a number of megabytes (0 or more)',
        'vstrace: VSTRACE_EXPORT_COMPRESSION: "zip" is not one of none, gzip',
        'vstrace: 3 problems in the configuration (vstrace config --help lists every setting and its values)',
        '',
      ].join('\n'),
    );
  });
});

describe('JSON that does not parse: one line naming the file, line and column', () => {
  it.each([
    ['an unquoted value', '{\n  "export": {\n    "exporter": "otlp",\n    "protocol": grpc\n  }\n}\n', '4:17: not valid JSON ("g" where a value should be; text values need double quotes)'],
    ['a trailing comma', '{\n  "service": "a",\n}\n', '2:17: not valid JSON (a comma before "}"; JSON allows none after the last item)'],
    ['a missing brace', '{\n  "service": "a"\n', '3:1: not valid JSON (the file ends before every { and [ is closed)'],
    ['a garbage first line', 'garbage\n{ "service": "a" }\n', '1:1: not valid JSON ("g" where the JSON should begin; a config file is one object, {…})'],
  ])('%s', (_name, text, message) => {
    const file = write(join(project, '.vstracerc.json'), text);
    const r = vstraceSync(['config'], { env, cwd: project });
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr.split('\n')).toEqual([`vstrace: ${file}:${message}`, expect.stringMatching(/^vstrace: 1 problem in the configuration/), '']);
  });
});

describe('a package.json whose JSON is broken', () => {
  it('with a "vstrace" key: found and reported as invalid by config, doctor and run', () => {
    const file = write(join(project, 'package.json'), '{"name":"x",\n"vstrace": {"service": "a",}}');
    const problem = `vstrace: ${file}:2:27: not valid JSON (a comma before "}"; JSON allows none after the last item)`;
    const config = vstraceSync(['config'], { env, cwd: project });
    expect([config.status, config.stdout]).toEqual([2, '']);
    expect(config.stderr.split('\n')[0]).toBe(problem);
    const doctor = vstraceSync(['doctor'], { env, cwd: project });
    expect(doctor.status).toBe(2);
    expect(doctor.stdout).toMatch(new RegExp(`✗ config +${file}:2:27: not valid JSON \\(`));
    const run = vstraceSync(['run', '--', 'sh', '-c', 'exit 4'], { env, cwd: project });
    expect(run.status).toBe(4);
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(new RegExp(`^vstrace: warning: ${file}:2:27: not valid JSON \\(.*; ignoring what is broken`)), '']);
  });

  it('without "vstrace" in it: not a config file, ignored', () => {
    write(join(project, 'package.json'), '{"name": "x",}');
    expect(configJson().files).toEqual([]);
  });
});

describe('vstrace doctor', () => {
  it('passes on a healthy setup: one ✓ line per check, exit 0', () => {
    write(join(project, '.vstracerc.yaml'), 'service: api\n');
    expect(vstraceSync(['run', '--', 'true'], { env, cwd: project }).status).toBe(0);
    const r = vstraceSync(['doctor'], { env, cwd: project });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['✓ node', '✓ config', '✓ store', '✓ clock', '✓ ci', '✓ export', '✓ export', '', 'all 7']);
    expect(lines[1]).toContain(`${project}/.vstracerc.yaml (project file) is valid`);
    expect(lines[2]).toMatch(/is writable; 0\.0 MB in 1 day file \(caps 4096 MB, 90 days\)$/);
  });

  it('fails (exit 1) with a fix when the store is unusable or over its cap; --json', () => {
    write(join(store.dir, 'a-file'), 'x');
    const r = vstraceSync(['doctor'], { env: { ...env, VSTRACE_HOME: join(store.dir, 'a-file') }, cwd: project });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`✗ store +${store.dir}/a-file is not a directory → fix: point store.home / VSTRACE_HOME at a directory`));
    expect(r.stdout).toMatch(/1 of 7 checks failed\n$/);

    expect(vstraceSync(['run', '--', 'true'], { env, cwd: project }).status).toBe(0);
    const json = vstraceSync(['doctor', '--json'], { env: { ...env, VSTRACE_STORE_MAX_SIZE_MB: '0.000001' }, cwd: project });
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string; fix?: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'store')).toMatchObject({ ok: false, fix: 'prune old spans (vstrace prune) or raise store.maxSizeMb' });
    // 0 is no cap, as for pruning
    const uncapped = vstraceSync(['doctor', '--json'], { env: { ...env, VSTRACE_STORE_MAX_SIZE_MB: '0', VSTRACE_STORE_MAX_AGE_DAYS: '0' }, cwd: project });
    expect(JSON.parse(uncapped.stdout).checks.find((c: { name: string }) => c.name === 'store')).toMatchObject({ ok: true, detail: expect.stringMatching(/\(caps none on size, none on age\)$/) });
  });

  it('--exporter: checks the export a run with it would use', () => {
    const r = vstraceSync(['doctor', '--json', '--exporter', 'honeycomb'], { env, cwd: project });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'export configuration')).toMatchObject({ ok: false, detail: expect.stringContaining('HONEYCOMB_API_KEY') });
  });

  it('a store that cannot be created is a failure', () => {
    const locked = join(store.dir, 'locked');
    mkdirSync(locked);
    write(join(locked, 'file'), '');
    chmodSync(locked, 0o500);
    const r = vstraceSync(['doctor', '--json'], { env: { ...env, VSTRACE_HOME: join(locked, 'file', 'store') }, cwd: project });
    chmodSync(locked, 0o700);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'store').detail).toContain('cannot be created');
  });

  it('a broken config: every other check still runs, each problem is a ✗ line, exit 2', () => {
    write(join(project, '.vstracerc.yaml'), 'export:\n  protocol: htp/json\n  exporter: zipkin\n');
    const r = vstraceSync(['doctor'], { env, cwd: project });
    expect(r.status).toBe(2);
    const marks = r.stdout
      .split('\n')
      .filter((l) => /^[✓✗]/.test(l))
      .map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    expect(marks).toEqual(['✓ node', '✗ config', '✗ config', '✓ store', '✓ clock', '✓ ci', '✓ export', '✓ export']);
    expect(r.stdout).toMatch(/✗ config +\S*\.vstracerc\.yaml:2: export\.protocol: "htp\/json" is not one of http\/protobuf, http\/json, grpc → fix:/);
    expect(r.stdout).toContain(`${project}/.vstracerc.yaml:2:`);
  });
});

describe('the parsed-config cache (YAML on the run path)', () => {
  it('a hit skips the parser; any change to the file is a miss', () => {
    const file = write(join(project, '.vstracerc.yaml'), 'service: first\n');
    const cache = join(home, '.cache', 'vstrace', 'config-cache.json');
    const run = () => expect(vstraceSync(['run', '--', 'true'], { env, cwd: project }).status).toBe(0);
    run();
    // Proof that the next run reads the cache, not the file: doctor the cached value.
    writeFileSync(cache, readFileSync(cache, 'utf8').replace('"value":"first"', '"value":"from-cache"'));
    run();
    write(file, 'service: other\n');
    run();
    expect(storedSpans(store.home).map((s) => s.resource['service.name'])).toEqual(['first', 'from-cache', 'other']);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
  });
});

describe('config files others could have written do not steer vstrace (git safe.directory rule)', () => {
  const asRoot = process.getuid?.() === 0;
  const runIn = (cwd: string, extra: string[] = []) => vstraceSync(['run', ...extra, '--', 'true'], { env, cwd });
  const lastService = () => storedSpans(store.home).at(-1)?.resource['service.name'];

  it('a project file in a directory others can write (no sticky bit) is passed over, with one warning; the command runs', () => {
    const shared = join(store.dir, 'shared-build');
    write(join(shared, '.vstracerc.yaml'), 'service: planted\nexport:\n  endpoint: http://planter.example:4318\n');
    chmodSync(shared, 0o777);
    const r = runIn(shared);
    expect(r.status).toBe(0);
    expect(lastService()).toBe('vstrace');
    expect(r.stderr).toBe(
      `vstrace: warning: ${join(shared, '.vstracerc.yaml')} is in a directory others can write: not used (a file others could have written must not steer vstrace; name it with --config to use it); ignoring what is broken (vstrace doctor checks the config)\n`,
    );
    // Named explicitly, it is the user's choice.
    expect(runIn(shared, ['--config', join(shared, '.vstracerc.yaml')]).status).toBe(0);
    expect(lastService()).toBe('planted');
    // The same directory made sticky (as /tmp is): a file of your own there is yours.
    chmodSync(shared, 0o1777);
    expect(runIn(shared).stderr).toBe('');
    expect(lastService()).toBe('planted');
  });

  it.runIf(asRoot)('a JavaScript config owned by another user is never run; the nearest trusted file up the tree applies', () => {
    const outer = join(store.dir, 'outer');
    write(join(outer, '.vstracerc.json'), JSON.stringify({ service: 'outer' }));
    const inner = join(outer, 'inner');
    const marker = join(store.dir, 'js-ran');
    const planted = write(join(inner, 'vstrace.config.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = { service: 'planted' };\n`);
    chownSync(planted, 65534, 65534);
    const r = runIn(inner);
    expect(r.status).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(lastService()).toBe('outer');
    expect(r.stderr).toContain(`${planted} is owned by uid 65534, not you: not used`);
  });
});

describe('a JavaScript config cannot break the command', () => {
  it.each([
    ['loops forever', 'while (true) {}', 'it took longer than 2 s to evaluate'],
    ['loops with SIGTERM caught', 'process.on("SIGTERM", () => {}); while (true) {}', 'it took longer than 2 s to evaluate'],
    ['exits 0', 'process.exit(0);', 'it exited before exporting its settings'],
    ['throws', 'throw new Error("boom");', 'boom'],
  ])('one that %s: the command runs with its own status and output, the config is reported and skipped', (_what, code, why) => {
    const file = write(join(project, 'vstrace.config.js'), `${code}\nmodule.exports = { service: 'js' };\n`);
    const r = vstraceSync(['run', '--', 'sh', '-c', 'echo out; exit 3'], { env, cwd: project });
    expect([r.status, r.stdout]).toEqual([3, 'out\n']);
    expect(r.stderr).toBe(`vstrace: warning: ${file}: could not load (${why}); ignoring what is broken (vstrace doctor checks the config)\n`);
    expect(storedSpans(store.home).at(-1)?.resource['service.name']).toBe('vstrace');
  });

  it('one that prints: its output never reaches the command’s stdout, and its settings apply', () => {
    write(join(project, 'vstrace.config.js'), `console.log('PRINTED'); process.stdout.write('more'); module.exports = { service: 'js' };\n`);
    const r = vstraceSync(['run', '--', 'echo', 'out'], { env, cwd: project });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'out\n', '']);
    expect(storedSpans(store.home).at(-1)?.resource['service.name']).toBe('js');
  });
});

describe('config problems cost a scan, and the command always runs', () => {
  it('100,000 unknown keys: the first 20 are said, the rest counted, and the command runs', () => {
    // Under the 1 MB a config may have: short keys, on one line.
    const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`x${i.toString(36)}`, 0]));
    write(join(project, '.vstracerc.json'), JSON.stringify(keys));
    const r = vstraceSync(['run', '--', 'sh', '-c', 'exit 4'], { env, cwd: project });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^vstrace: warning: .*\.vstracerc\.json:1: x0: unknown setting.* \(\+20 more\); ignoring what is broken/);
    const config = vstraceSync(['config'], { env, cwd: project });
    expect(config.stdout + config.stderr).toContain('.vstracerc.json: 99980 more problems like these (fix the ones above first)');
  });

  it('a config file past 1 MB is not read: one line says so', () => {
    write(join(project, '.vstracerc.yaml'), `service: big\n# ${'x'.repeat(1_100_000)}\n`);
    const r = vstraceSync(['run', '--', 'true'], { env, cwd: project });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\.vstracerc\.yaml: larger than 1 MB, which no config is \(check the file, or name another with --config\); ignoring what is broken/);
  });

  it('a package.json in the search path that is a FIFO is passed over without waiting on it; one of 1 GB is not read whole, and says it is too large', () => {
    write(join(project, '.vstracerc.json'), '{ "service": "above" }');
    const pkg = join(project, 'sub', 'package.json');
    expect(spawnSync('mkfifo', [pkg]).status).toBe(0);
    const fifo = spawnSync(VSTRACE, ['run', '--', 'sh', '-c', 'exit 4'], { env, cwd: join(project, 'sub'), encoding: 'utf8', timeout: 20_000 });
    expect([fifo.signal, fifo.status, fifo.stderr]).toEqual([null, 4, '']); // not killed by the timeout: it did not wait for a writer
    expect(storedSpans(store.home).at(-1)?.resource['service.name']).toBe('above');

    // sparse: 1 GB to read, no disk used; a "vstrace" key in its first megabyte
    rmSync(pkg);
    writeFileSync(pkg, '{"name": "big", "vstrace": {"service": "big"}, "pad": "');
    truncateSync(pkg, 2 ** 30);
    // the peak memory of the run (ru_maxrss of the children, in KB): the file's first megabyte, not the whole of it
    const measured = spawnSync('python3', ['-c', MAX_RSS, VSTRACE, 'run', '--', 'sh', '-c', 'exit 4'], { env, cwd: join(project, 'sub'), encoding: 'utf8', timeout: 20_000 });
    const [status, maxRssKb] = measured.stdout.trim().split(' ').map(Number);
    expect(status).toBe(4);
    expect(measured.stderr).toBe(
      `vstrace: warning: ${pkg}: larger than 1 MB, which no config is (check the file, or name another with --config); ignoring what is broken (vstrace doctor checks the config)\n`,
    );
    expect(maxRssKb).toBeLessThan(256 * 1024);
  });
});
