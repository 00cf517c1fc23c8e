/**
 * FNV-1a over a string's UTF-16 code units, as an unsigned 32-bit number: a
 * short, stable name for a key (cache entries, queues, installed copies)
 * without loading node:crypto on the run path. Not for anything an attacker
 * chooses to collide.
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The same, as 8 hex digits. */
export const fnv1aHex = (text: string, seed?: number): string => fnv1a(text, seed).toString(16).padStart(8, '0');
