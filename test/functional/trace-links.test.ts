import { describe, expect, it } from 'vitest';
import { vstrace, useReceivers } from '../support/export.ts';
import { useTempStore } from '../support/env.ts';
import { vstraceSync } from '../support/cli.ts';

/** export.uiUrl (VSTRACE_UI_URL): the trace's link in the backend's UI, where users look for it. */
describe("links to a trace in the backend's UI", () => {
  const store = useTempStore();
  const receiver = useReceivers();

  it("run --verbose names the root's trace link; show and show --json carry it; without the setting there is none", async () => {
    const otlp = await receiver('http');
    const env = { ...store.env, VSTRACE_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, VSTRACE_UI_URL: 'http://jaeger.local:16686/' };
    const run = await vstrace(['run', '--verbose', '--', 'true'], env);
    expect(run.status).toBe(0);
    const traceId = /trace ([0-9a-f]{32}): /.exec(run.stderr)?.[1];
    expect(run.stderr).toContain(`trace ${traceId}: http://jaeger.local:16686/trace/${traceId}\n`);
    const show = vstraceSync(['show', 'last'], { env });
    expect(show.stdout.trimEnd().split('\n').at(-1)).toBe(`http://jaeger.local:16686/trace/${traceId}`);
    expect(JSON.parse(vstraceSync(['show', 'last', '--json'], { env }).stdout).url).toBe(`http://jaeger.local:16686/trace/${traceId}`);
    const plain = vstraceSync(['show', 'last'], { env: store.env });
    expect(plain.stdout).not.toContain('http://');
  });

  it('takes a template with {traceId} as it is, and refuses other placeholders with the fix', () => {
    const env = { ...store.env, VSTRACE_UI_URL: 'https://ui.example/t?id={traceId}&x=1' };
    expect(vstraceSync(['run', '--', 'true'], { env }).status).toBe(0);
    expect(vstraceSync(['show', 'last'], { env }).stdout).toMatch(/\nhttps:\/\/ui\.example\/t\?id=[0-9a-f]{32}&x=1\n$/);
    const bad = vstraceSync(['config'], { env: { ...store.env, VSTRACE_UI_URL: 'https://ui.example/{id}' } });
    expect(bad.stderr).toMatch(/VSTRACE_UI_URL.*uses \{id\}; the placeholders are \{traceId\}/);
  });
});
