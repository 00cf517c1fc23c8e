import type { Env } from '../trace/carrier.ts';
import { storeHome } from '../store/location.ts';

/**
 * The effective settings every command uses, resolved in one place:
 * flags > environment > defaults. (Config files join this chain in the
 * configuration layer; nothing outside this module reads VSTRACE_* directly.)
 */
export interface Settings {
  home: string;
  service: string;
  defaultType?: string;
  defaultTags: Record<string, string>;
  /** Extra redaction patterns (regular expressions; a `secret` group narrows the match). */
  redactPatterns: string[];
}

export interface SettingFlags {
  service?: string;
  type?: string;
}

export const DEFAULT_SERVICE = 'vstrace';

export function resolveSettings(flags: SettingFlags, env: Env): Settings {
  const service = flags.service ?? env.VSTRACE_SERVICE ?? env.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE;
  const defaultType = flags.type ?? env.VSTRACE_TYPE;
  return {
    home: storeHome(env),
    service,
    ...(defaultType ? { defaultType } : {}),
    defaultTags: {},
    redactPatterns: [],
  };
}
