import { ciIds, detectProvider, PROVIDERS } from '../ci/context.ts';
import { extractFromEnv } from '../trace/carrier.ts';
import type { Check, DoctorContext } from './check.ts';

/** Which CI provider runs this, and whether its steps can join one trace by themselves. */
export function ciChecks({ settings, env }: DoctorContext): Check[] {
  if (!settings.ci.detect) return [{ name: 'ci', ok: true, detail: 'CI detection is off (ci.detect: false)' }];
  const provider = detectProvider(env);
  if (!provider) {
    const claimed = /^(true|1|yes)$/i.test(env.CI ?? '');
    return claimed
      ? [
          {
            name: 'ci',
            ok: false,
            detail: `CI is set, but no provider vstrace knows (${PROVIDERS.map((p) => p.name).join(', ')})`,
            fix: "pass the run's context explicitly: export TRACEPARENT, or vstrace run --parent",
          },
        ]
      : [{ name: 'ci', ok: true, detail: 'not running in CI' }];
  }
  const injected = extractFromEnv(env);
  if (injected?.ok)
    return [{ name: 'ci', ok: true, detail: `${provider.name}: TRACEPARENT is set, so steps join the CI system's trace ${injected.value.traceId} under span ${injected.value.spanId}` }];
  const ids = ciIds({ provider, attributes: {} }, env);
  return ids
    ? [{ name: 'ci', ok: true, detail: `${provider.name}: steps join trace ${ids.traceId} under job span ${ids.jobSpanId}` }]
    : [
        {
          name: 'ci',
          ok: false,
          detail: `${provider.name} detected, but its run or job identity is missing from the environment`,
          fix: 'run inside a job step (not a container without the CI variables), or pass TRACEPARENT',
        },
      ];
}
