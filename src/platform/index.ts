import { procfs } from './procfs.ts';
import { portable } from './portable.ts';
import type { PlatformReads } from './reads.ts';

export type { PlatformReads } from './reads.ts';

/**
 * The reads this process uses: /proc on Linux, ps elsewhere. VSTRACE_PLATFORM=portable
 * chooses the portable set on Linux too — how the suite proves every fallback
 * path without a Mac (.ci/run). It can only pick the slower, ps-based answers,
 * never supply one, so it is safe for anyone to set.
 */
export const platform: PlatformReads = process.platform === 'linux' && process.env.VSTRACE_PLATFORM !== 'portable' ? procfs : portable;
