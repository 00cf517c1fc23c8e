import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { storedSpans, VSTRACE_SH } from '../support/cli.ts';
import { useTempStore } from '../support/env.ts';
import { useReceivers, vstrace } from '../support/export.ts';
import { waitFor } from '../support/wait.ts';

/**
 * export.commandArgs and export.tags decide what leaves the machine, checked
 * in what a real OTLP receiver decoded; the local store keeps the redacted
 * span whatever they say.
 */
const store = useTempStore();
const startReceiver = useReceivers();
const PASSWORD = 'Hunt3r-Export-Pw';
const TAG = 'Tag-Secr3t-Value-77';
const command = ['sh', '-c', 'exit 0', 'deploy', '--password', PASSWORD];

async function exported(settings: Record<string, string>, how: 'argv' | 'vstrace-sh' = 'argv') {
  const receiver = await startReceiver('http');
  const env = { ...store.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...settings };
  if (how === 'argv') expect((await vstrace(['run', '--tag', `db_pw=${TAG}`, '--tag', 'team=infra', '--', ...command], env)).status).toBe(0);
  else expect(spawnSync(VSTRACE_SH, ['--tag=db_pw=' + TAG, '-c', `deploy --password ${PASSWORD} || true`], { env, encoding: 'utf8' }).status).toBe(0);
  await waitFor(() => receiver.spans.length === 1, 'the exported span', 60_000);
  const stored = storedSpans(store.home).at(-1)!;
  expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  expect(JSON.stringify(stored)).not.toContain(TAG);
  return { span: receiver.spans[0]!, stored };
}

describe('what an exported span says of the command and its tags', () => {
  test('redacted (the default): as the store has it', async () => {
    const { span, stored } = await exported({});
    expect(span.attributes['process.command_args']).toEqual(['sh', '-c', 'exit 0', 'deploy', '--password', '[REDACTED]']);
    expect(span.attributes.db_pw).toBe('[REDACTED]');
    expect(span.attributes).toEqual(stored.attributes);
  });

  test('executable: the executable and the argument count, no arguments', async () => {
    const { span, stored } = await exported({ VSTRACE_EXPORT_COMMAND_ARGS: 'executable' });
    expect(span.attributes['process.command_args']).toBeUndefined();
    expect(span.attributes['process.args_count']).toBe(6);
    expect(span.attributes['process.executable.name']).toBe('sh');
    expect(JSON.stringify(span)).not.toContain('deploy');
    expect(stored.attributes['process.command_args']).toEqual(['sh', '-c', 'exit 0', 'deploy', '--password', '[REDACTED]']);
  });

  test('full: the arguments and tags as given leave the machine; the store stays redacted', async () => {
    const { span, stored } = await exported({ VSTRACE_EXPORT_COMMAND_ARGS: 'full', VSTRACE_EXPORT_TAGS: 'full' });
    expect(span.attributes['process.command_args']).toEqual(command);
    expect(span.attributes.db_pw).toBe(TAG);
    expect(stored.attributes['process.command_args']).toContain('[REDACTED]');
    expect(stored.attributes.db_pw).toBe('[REDACTED]');
  });

  test('keys: every tag keeps its name, no value leaves', async () => {
    const { span } = await exported({ VSTRACE_EXPORT_TAGS: 'keys' });
    expect(span.attributes.db_pw).toBe('[REDACTED]');
    expect(span.attributes.team).toBe('[REDACTED]');
    expect(span.attributes['process.command_args']).toContain('[REDACTED]');
  });

  test('vstrace-sh spans follow the same settings', async () => {
    const { span } = await exported({ VSTRACE_EXPORT_COMMAND_ARGS: 'executable', VSTRACE_EXPORT_TAGS: 'keys' }, 'vstrace-sh');
    expect(span.attributes['process.command_args']).toBeUndefined();
    expect(typeof span.attributes['process.args_count']).toBe('number');
    expect(span.attributes.db_pw).toBe('[REDACTED]');
    expect(JSON.stringify(span)).not.toContain(PASSWORD);
  });

  test('a bad value is a one-line config error naming the choices', async () => {
    const r = await vstrace(['config'], { ...store.env, VSTRACE_EXPORT_COMMAND_ARGS: 'everything' });
    expect([r.status, r.stderr.split('\n')[0]]).toEqual([2, 'vstrace: VSTRACE_EXPORT_COMMAND_ARGS: "everything" is not one of redacted, executable, full']);
  });
});
