import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedSpans, VSTRACE, vstraceSync } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';

const SLOW = { timeout: 60_000 };
const store = useTempStore();
const serviceOf = (home: string, name: string) => storedSpans(home).find((s) => s.name === name)?.resource?.['service.name'];

describe('a service tag names the service unless --service or the environment does', () => {
  it('run --tag service=api: ls shows SERVICE api, and the tag stays an attribute', SLOW, () => {
    const r = vstraceSync(['run', '--name', 'tagged', '--tag', 'service=api', '--', 'true'], { env: store.env });
    expect(r.status).toBe(0);
    const span = storedSpans(store.home).find((s) => s.name === 'tagged')!;
    expect(span.resource['service.name']).toBe('api');
    expect(span.attributes.service).toBe('api');
    const ls = vstraceSync(['ls'], { env: store.env });
    expect(ls.stdout).toMatch(/tagged .* api\n/);
  });

  it('OTEL_SERVICE_NAME and --service win over the tag; a config file does not', SLOW, () => {
    vstraceSync(['run', '--name', 'env-wins', '--tag', 'service=api', '--', 'true'], { env: { ...store.env, OTEL_SERVICE_NAME: 'from-env' } });
    vstraceSync(['run', '--name', 'flag-wins', '--service', 'from-flag', '--tag', 'service=api', '--', 'true'], { env: store.env });
    const config = join(store.dir, 'svc.json');
    writeFileSync(config, JSON.stringify({ service: 'from-file' }));
    vstraceSync(['run', '--name', 'tag-over-file', '--config', config, '--tag', 'service=api', '--', 'true'], { env: store.env });
    expect(serviceOf(store.home, 'env-wins')).toBe('from-env');
    expect(serviceOf(store.home, 'flag-wins')).toBe('from-flag');
    expect(serviceOf(store.home, 'tag-over-file')).toBe('api');
  });

  it('start --tag service=api (the vscli form too) names the service', SLOW, () => {
    const start = vstraceSync(['start', '--name', 'started', '--tag', 'service=web'], { env: store.env });
    expect(start.status).toBe(0);
    expect(vstraceSync(['end', start.stdout.trim()], { env: store.env }).status).toBe(0);
    expect(serviceOf(store.home, 'started')).toBe('web');
  });
});

describe('files the user named', () => {
  it('run --config <missing file> is a usage error (125) before the command runs', SLOW, () => {
    const marker = join(store.dir, 'ran');
    const r = vstraceSync(['run', '--config', '/nonexistent/vstrace.yaml', '--', 'sh', '-c', `touch ${marker}`], { env: store.env });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('vstrace: --config /nonexistent/vstrace.yaml: no such file (give a config file, or none for no files)\n');
    expect(() => storedSpans(store.home)).not.toThrow();
    expect(vstraceSync(['run', '--', 'test', '-e', marker], { env: store.env }).status).toBe(1);
  });

  it('VSTRACE_HOME naming a regular file: ls, show and stats say it is not a directory; run still runs the command', SLOW, () => {
    const file = join(store.dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const env = { ...store.env, VSTRACE_HOME: file };
    for (const command of [['ls'], ['show', 'last'], ['stats']]) {
      const r = vstraceSync(command, { env });
      expect(r.status, command.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`vstrace: the store "${file}" is not a directory: point VSTRACE_HOME (or store.home) at a directory\n`);
    }
    const run = vstraceSync(['run', '--', 'echo', 'hi'], { env });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('hi\n');
    expect(run.stderr).toBe(`vstrace: warning: could not record the span: ${file} is not a directory (set VSTRACE_HOME to a directory of your own)\n`);
  });
});

describe("a run's CPU excludes the nested vstrace processes it waited for", () => {
  const cpuOf = (attributes: Record<string, unknown>) => ['user', 'system'].map((k) => attributes[`vstrace.cpu.${k}_seconds`] as number);

  it('the outer span says what it took out, and keeps only what its commands used', SLOW, () => {
    const nested = `for i in 1 2 3; do ${VSTRACE} run -- true; done`;
    expect(vstraceSync(['run', '--name', 'outer-cpu', '--', 'sh', '-c', nested], { env: store.env }).status).toBe(0);
    const outer = storedSpans(store.home).find((s) => s.name === 'outer-cpu')!;
    const taken = outer.attributes['vstrace.cpu.nested_vstrace_seconds'] as number;
    const [user, system] = cpuOf(outer.attributes);
    if (process.env.VSTRACE_PLATFORM === 'portable') {
      // Where a child's CPU cannot be read (macOS), there is no figure to correct: none is recorded, and no ledger stays behind.
      expect([user, system, taken]).toEqual([undefined, undefined, undefined]);
    } else {
      // Three Node start-ups are tens of milliseconds each; sh and three `true`s are a tick or two.
      expect(taken).toBeGreaterThan(0.03);
      expect(user! + system!).toBeLessThan(taken);
    }
    expect(readdirSync(join(store.home, 'cpu'))).toEqual([]);
  });

  it('a start span does not keep what its nested runs left', SLOW, () => {
    const start = vstraceSync(['start', '--name', 'started-cpu'], { env: store.env });
    const id = start.stdout.trim();
    const env = { ...store.env, TRACEPARENT: `00-${'1'.repeat(32)}-${id}-01` };
    expect(vstraceSync(['run', '--', 'true'], { env }).status).toBe(0);
    expect(readdirSync(join(store.home, 'cpu'))).toEqual([id]);
    expect(vstraceSync(['end', id], { env: store.env }).status).toBe(0);
    expect(readdirSync(join(store.home, 'cpu'))).toEqual([]);
  });
});

describe('stored text never drives the terminal', () => {
  it('ESC, BEL, a line break and a right-to-left override in names, types and tags are shown escaped by ls, show and stats', SLOW, () => {
    const evil = 'evil\u001b]0;pwned\u0007\u001b[31mred\u202e';
    const r = vstraceSync(['run', '--name', evil, '--type', 't\u0007\nx', '--tag', `k=v\u001b[2J`, '--', 'sh', '-c', 'exit 3'], { env: store.env });
    expect(r.status).toBe(3);
    for (const command of [['ls'], ['show', 'last'], ['stats', '--by', 'name'], ['stats', '--by', 'tag:k'], ['stats']]) {
      const out = vstraceSync(command, { env: store.env }).stdout;
      // Nothing below 0x20 but the line ends of the output's own rows, no DEL or C1, no bidi override.
      expect(out, command.join(' ')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
    expect(vstraceSync(['ls'], { env: store.env }).stdout).toContain('evil\\x1B]0;pwned\\x07\\x1B[31m');
    expect(vstraceSync(['show', 'last', '--width', '160'], { env: store.env }).stdout).toContain('evil\\x1B]0;pwned\\x07\\x1B[31mred\\u202E');
    expect(vstraceSync(['stats', '--by', 'tag:k'], { env: store.env }).stdout).toContain('v\\x1B[2J');
  });
});
