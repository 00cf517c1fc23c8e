import { describe, expect, it } from 'vitest';
import { coerce } from '../../src/config/values.ts';
import { fileLayer, keyLine, vstraceEnvLayer } from '../../src/config/layers.ts';
import { loaders } from '../../src/config/loaders.ts';
import { settingSpec, suggestKey } from '../../src/config/schema.ts';

const HOME = '/home/someone';
const FILE = `${HOME}/proj/.vstracerc.yaml`;
const origin = { where: 'W', baseDir: '/base', home: HOME };
const check = (key: string, raw: unknown) => {
  const r = coerce(settingSpec(key)!, raw, origin);
  return r.ok ? { value: r.value } : { error: r.error.message };
};
const yamlProblems = (text: string) => fileLayer(loaders.yaml(FILE, text), FILE, HOME, text).problems;

describe('setting values: one check per kind, messages that say what is allowed', () => {
  it.each([
    ['export.protocol', 'htp/json', 'W: "htp/json" is not one of http/protobuf, http/json, grpc'],
    ['export.exporter', 3, 'W: 3 is not one of none, otlp, jaeger, lightstep, honeycomb, tempo, console, file'],
    ['export.timeoutMs', 'soon', 'W: "soon" is not a number of milliseconds (0 or more)'],
    ['export.timeoutMs', -5, 'W: -5 is not a number of milliseconds (0 or more)'],
    ['store.maxAgeDays', true, 'W: true is not a number of days (0 or more)'],
    ['ci.detect', 'maybe', 'W: "maybe" is not a boolean (true or false)'],
    ['ci.detect', 1, 'W: 1 is not a boolean (true or false)'],
    ['defaultTags', ['a'], 'W: a list is not a map of names to text (k=v,k2=v2 in the environment)'],
    ['defaultTags', { team: { name: 'x' } }, 'W.team: a map is not text (write the value in quotes)'],
    ['defaultTags', 'oops', 'W: "oops" is not key=value (separate pairs with commas)'],
    ['redact.patterns', ['ok', '(unclosed'], 'W[1]: "(unclosed" is not a valid regular expression (Unterminated group)'],
    ['redact.patterns', [42], 'W[0]: 42 is not a regular expression (write it in quotes)'],
    ['redact.patterns', { a: 1 }, 'W: a map is not a list of regular expressions'],
    [
      'redact.patterns',
      ['(a+)+b'],
      'W[0]: "(a+)+b" repeats a group that itself holds a repetition or alternatives (like (a+)+ or (a|ab)*), which takes exponential time on some arguments: repeat a character class instead ([ab]+), or drop the outer repetition',
    ],
    [
      'redact.patterns',
      ['key-(\\w*)*$'],
      'W[0]: "key-(\\w*)*$" repeats a group that itself holds a repetition or alternatives (like (a+)+ or (a|ab)*), which takes exponential time on some arguments: repeat a character class instead ([ab]+), or drop the outer repetition',
    ],
    [
      'redact.patterns',
      ['(?:x|xy){2,}'],
      'W[0]: "(?:x|xy){2,}" repeats a group that itself holds a repetition or alternatives (like (a+)+ or (a|ab)*), which takes exponential time on some arguments: repeat a character class instead ([ab]+), or drop the outer repetition',
    ],
    ['redact.patterns', ['(["\'])\\w+\\1'], 'W[0]: "(["\'])\\w+\\1" uses a back-reference, which cannot be run in bounded time: match the text without it'],
    ['nameTemplate', '{typ}: {command}', 'W: "{typ}: {command}" uses {typ}; the placeholders are {type}, {command}'],
    ['export.endpoint', 'localhost:4318', 'W: "localhost:4318" is not an http(s) URL (e.g. http://localhost:4318)'],
    ['export.endpoint', 'ftp://user:hunter2@host/', 'W: "ftp://user:[REDACTED]@host/" is not an http(s) URL (e.g. http://localhost:4318)'],
    ['export.accessToken', 12345, 'W: the value is not text (give a non-empty string)'],
    ['export.headers', 'x-api-key', 'W: the value is not a list of key=value pairs (separate pairs with commas, percent-encode , and =)'],
    ['export.headers', { 'x-api-key': ['a'] }, 'W.x-api-key: the value is not text (write the value in quotes)'],
    ['service', '', 'W: "" is not text (give a non-empty string)'],
    ['store.home', 7, 'W: 7 is not a path'],
  ])('%s = %j → %s', (key, raw, message) => {
    expect(check(key, raw)).toEqual({ error: message });
  });

  it.each([
    ['export.timeoutMs', '5000', 5000],
    ['export.timeoutMs', 250, 250],
    ['ci.detect', 'off', false],
    ['export.insecure', true, true],
    ['defaultTags', { team: 'infra', build: 42 }, { team: 'infra', build: '42' }],
    ['defaultTags', 'team=infra,env=ci', { team: 'infra', env: 'ci' }],
    ['redact.patterns', '["a+", "b(?<secret>c)"]', ['a+', 'b(?<secret>c)']],
    ['redact.patterns', 'internal-[0-9]+', ['internal-[0-9]+']],
    ['redact.patterns', ['pin:(?<secret>\\d{4,8})', '(?:ab)+', '[ab]+c', '(x)?y'], ['pin:(?<secret>\\d{4,8})', '(?:ab)+', '[ab]+c', '(x)?y']],
    ['store.home', '~/traces', `${HOME}/traces`],
    ['store.home', 'rel/dir', '/base/rel/dir'],
    ['export.endpoint', ' https://collector:4318 ', 'https://collector:4318'],
    ['nameTemplate', '{command} [{type}]', '{command} [{type}]'],
  ])('%s = %j → %j', (key, raw, value) => {
    expect(check(key, raw)).toEqual({ value });
  });
});

describe('export.headers: names and values HTTP can send', () => {
  const RULE = "(use letters, digits and !#$%&'*+-.^_`|~)";
  it.each([
    ['bad header=v', `W: a header name cannot hold " " after "bad" ${RULE}`],
    ['x-ok=1,(x)=2', `W: a header name cannot hold "(" at its start ${RULE}`],
    ['x-t%0Aok=1', `W: a header name cannot hold "\\n" after "x-t" ${RULE}`],
    [' =v', 'W: a header name is empty'],
    ['x-key=a%0D%0Ab', 'W: the value of header "x-key" holds a line break, a control character or a character beyond Latin-1 (a header value is one line of text)'],
  ])('%j → %s', (raw, message) => {
    expect(check('export.headers', raw)).toEqual({ error: message });
  });

  it('in a file: the line, and never the value, even when a token stands in the name', () => {
    expect(yamlProblems('export:\n  headers:\n    "Authorization: Bearer s3cr3t": x\n')).toEqual([
      `~/proj/.vstracerc.yaml:2: export.headers: a header name cannot hold ":" after "Authorization" ${RULE}`,
    ]);
  });

  it('accepts tokens, and Latin-1 and tabs in values; other maps take any name', () => {
    expect(check('export.headers', { "x-api_key.v2!#$%&'*+^`|~": 'a\tb é' })).toEqual({ value: { "x-api_key.v2!#$%&'*+^`|~": 'a\tb é' } });
    expect(check('defaultTags', { 'build number': '1' })).toEqual({ value: { 'build number': '1' } });
  });
});

describe('config files: keys, lines and suggestions', () => {
  it('names the file, the line, the key and what is allowed', () => {
    expect(yamlProblems('service: api\nexport:\n  endpoint: http://x:4318\n  protocol: htp/json\n')).toEqual([
      '~/proj/.vstracerc.yaml:4: export.protocol: "htp/json" is not one of http/protobuf, http/json, grpc',
    ]);
  });

  it('suggests the key an unknown one most likely meant', () => {
    expect(yamlProblems('servce: api\nexporter: otlp\nexport:\n  protocl: grpc\n  spool:\n    maxSize: 3\nzzz: 1\n')).toEqual([
      '~/proj/.vstracerc.yaml:1: servce: unknown setting; did you mean service?',
      '~/proj/.vstracerc.yaml:2: exporter: unknown setting; did you mean export.exporter?',
      '~/proj/.vstracerc.yaml:4: export.protocl: unknown setting; did you mean export.protocol?',
      '~/proj/.vstracerc.yaml:6: export.spool.maxSize: unknown setting; did you mean export.spool.maxSizeMb?',
      '~/proj/.vstracerc.yaml:7: zzz: unknown setting (vstrace config --help lists them)',
    ]);
    expect(suggestKey('service_name', ['service', 'defaultType'])).toBeUndefined();
    expect(suggestKey('default-type', ['service', 'defaultType'])).toBe('defaultType');
  });

  it('accepts dotted keys and says when a group is given a value', () => {
    const layer = fileLayer({ 'export.protocol': 'grpc', store: 5 }, FILE, HOME);
    expect(layer.entries).toEqual([{ key: 'export.protocol', value: 'grpc', source: '~/proj/.vstracerc.yaml' }]);
    expect(layer.problems).toEqual(['~/proj/.vstracerc.yaml: store: is a group of settings (home, maxAgeDays, maxSizeMb), not a single value']);
  });

  it('rejects a file that is not a map, and accepts an empty one', () => {
    expect(fileLayer(['a'], FILE, HOME).problems).toEqual(['~/proj/.vstracerc.yaml: the file must hold a map of settings (e.g. service: api), not a list']);
    expect(fileLayer(null, FILE, HOME)).toEqual({ entries: [], problems: [], notices: [] });
  });

  it('finds the line of a nested key in YAML and in JSON', () => {
    const yaml = 'service: a\nstore:\n  home: /x\nexport:\n  spool:\n    maxSizeMb: 3\n';
    expect(keyLine(yaml, ['export', 'spool', 'maxSizeMb'])).toBe(6);
    expect(keyLine(yaml, ['store', 'home'])).toBe(3);
    const json = '{\n  "service": "a",\n  "export": {\n    "timeoutMs": "x"\n  }\n}';
    expect(keyLine(json, ['export', 'timeoutMs'])).toBe(4);
    expect(keyLine('{"export":{"protocol":"x"}}', ['export', 'protocol'])).toBe(1);
    expect(keyLine(yaml, ['nothing'])).toBeUndefined();
  });
});

describe('VSTRACE_* variables', () => {
  it('set each setting from its variable, the first of several names winning, empty meaning unset', () => {
    const layer = vstraceEnvLayer({ VSTRACE_SERVICE: 'api', VSTRACE_EXPORT_TIMEOUT_MS: '300', LS_ACCESS_TOKEN: 'ls', VSTRACE_ACCESS_TOKEN: 'vs', VSTRACE_TYPE: ' ', VSTRACE_HOME: 'rel' }, '/cwd');
    expect(layer.problems).toEqual([]);
    expect(layer.entries).toEqual([
      { key: 'service', value: 'api', source: 'env VSTRACE_SERVICE' },
      { key: 'store.home', value: '/cwd/rel', source: 'env VSTRACE_HOME' },
      { key: 'export.timeoutMs', value: 300, source: 'env VSTRACE_EXPORT_TIMEOUT_MS' },
      { key: 'export.accessToken', value: 'vs', source: 'env VSTRACE_ACCESS_TOKEN' },
    ]);
  });

  it('report a bad value with the variable, and never echo a secret', () => {
    const problems = vstraceEnvLayer({ VSTRACE_EXPORT_COMPRESSION: 'zip', VSTRACE_EXPORT_HEADERS: 'authorization:Bearer s3cr3t-t0ken' }, '/').problems;
    expect(problems).toEqual([
      'VSTRACE_EXPORT_HEADERS: the value is not a list of key=value pairs (separate pairs with commas, percent-encode , and =)',
      'VSTRACE_EXPORT_COMPRESSION: "zip" is not one of none, gzip',
    ]);
  });
});
