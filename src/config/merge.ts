import type { Layer } from './layer.ts';

/**
 * Writes a layer's entries into a settings object by their dotted keys, later
 * entries winning. Objects (headers, tags, resource attributes) replace as a
 * whole: a value set in a higher-precedence source is the value, not a blend.
 */
export function applyLayer<T extends object>(target: T, layer: Layer): T {
  for (const { key, value } of layer.entries) {
    const path = key.split('.');
    let node = target as Record<string, unknown>;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return target;
}
