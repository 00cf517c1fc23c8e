import { describe, expect, it } from 'vitest';
import { defaultSpanName, shellLineArgv } from '../../src/trace/naming.ts';
import { parseTag, parseTags } from '../../src/trace/tags.ts';

describe('defaultSpanName', () => {
  it.each([
    [['docker', 'build', '-f', 'Dockerfile.api', '.'], 'build', 'build: docker build'],
    [['/usr/bin/make', 'test'], undefined, 'make test'],
    [['./deploy.sh', '--prod'], 'deploy', 'deploy: deploy.sh'],
    [['node', 'scripts/x.js'], undefined, 'node'],
    [['gcloud', 'app', 'deploy'], 'deploy', 'deploy: gcloud app'],
    [[], undefined, 'command'],
  ])('%j with type %s → %s', (argv, type, expected) => {
    expect(defaultSpanName(argv, type)).toBe(expected);
  });

  it.each([
    ['{command} ({type})', 'build', 'docker build (build)', 'docker build'],
    ['[{type}] {command}', 'build', '[build] docker build', 'docker build'],
    ['{command} - {type}', 'build', 'docker build - build', 'docker build'],
    ['ci {type}/{command}', 'build', 'ci build/docker build', 'ci docker build'],
  ])('lays the name out by the nameTemplate setting %s', (template, type, withType, withoutType) => {
    expect(defaultSpanName(['docker', 'build', '.'], type, template)).toBe(withType);
    expect(defaultSpanName(['docker', 'build', '.'], undefined, template)).toBe(withoutType);
  });

  it('names a shell line by its first words', () => {
    expect(defaultSpanName(shellLineArgv('  kubectl apply -f k8s/ | tee log'), 'deploy')).toBe('deploy: kubectl apply');
  });
});

describe('tags', () => {
  it('splits at the first = or |, so values keep later separators', () => {
    expect(parseTag('service=api')).toEqual({ ok: true, value: ['service', 'api'] });
    expect(parseTag('source|gcloud')).toEqual({ ok: true, value: ['source', 'gcloud'] });
    expect(parseTag('query=a=b|c')).toEqual({ ok: true, value: ['query', 'a=b|c'] });
    expect(parseTag('pipe|a=b')).toEqual({ ok: true, value: ['pipe', 'a=b'] });
    expect(parseTag('empty=')).toEqual({ ok: true, value: ['empty', ''] });
    expect(parseTag('ünï=cødé')).toEqual({ ok: true, value: ['ünï', 'cødé'] });
  });

  it('rejects a tag without separator or key, saying how to write it', () => {
    for (const raw of ['novalue', '=value', '  |x']) {
      const r = parseTag(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/^invalid tag ".*": .*key=value/);
    }
  });

  it('later tags with the same key win', () => {
    expect(parseTags(['a=1', 'b=2', 'a=3'])).toEqual({ ok: true, value: { a: '3', b: '2' } });
  });
});
