import { Redactor } from '../redact/redact.ts';
import { REDACTED } from '../redact/rules.ts';
import { applyLayer, type Layer } from './layers.ts';
import type { ResolvedConfig } from './resolve.ts';
import { SETTINGS, type SettingSpec } from './schema.ts';

// Explaining a result: each setting's effective value, masked for printing, with the source that set it (vstrace config).

export interface EffectiveSetting {
  key: string;
  /** Masked: secret settings and header values hidden, URL passwords and tokens redacted. */
  value: unknown;
  source: string;
  env: readonly string[];
}

const valueAt = (root: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), root);

/** Every setting with its effective value, masked for printing, and where it came from. */
export function effectiveSettings(config: ResolvedConfig): EffectiveSetting[] {
  const redactor = new Redactor(config.settings.redact.patterns);
  return SETTINGS.map((spec) => ({
    key: spec.key,
    value: mask(spec, valueAt(config.settings, spec.key), redactor),
    source: config.sources[spec.key] ?? 'default',
    env: spec.env,
  }));
}

function mask(spec: SettingSpec, value: unknown, redactor: Redactor): unknown {
  if (value === undefined) return undefined;
  if (spec.kind.type === 'map') {
    const map = value as Record<string, string>;
    return spec.secret ? Object.fromEntries(Object.keys(map).map((k) => [k, REDACTED])) : redactor.tags(map);
  }
  if (spec.secret) return REDACTED;
  return typeof value === 'string' && spec.kind.type !== 'patterns' ? redactor.text(value) : value;
}

/** The masked settings as one nested object, the shape of Settings (for --json). */
export function maskedSettings(rows: readonly EffectiveSetting[]): Record<string, unknown> {
  const layer: Layer = { entries: rows.filter((r) => r.value !== undefined).map(({ key, value, source }) => ({ key, value, source })), problems: [], notices: [] };
  return applyLayer({}, layer);
}

/** A value as one line of text: `team=infra, env=ci`, `[]`, `(unset)`. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
  }
  return String(value);
}
