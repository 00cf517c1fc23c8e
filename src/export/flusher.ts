/**
 * The background flusher's entry (dist/flusher.js), spawned detached by
 * flusher-spawn.ts after a run queued a span. Tiny on purpose: the exporters live in the
 * export chunk, shared with `vstrace flush`.
 */
import * as nodeModule from 'node:module';
import { loadChunk } from '../chunks.ts';
import type * as Chunk from './drain-all.ts';

// One flusher per burst of runs loads the ~700 KB export chunk: take Node's compile cache where it exists (>= 22.1).
(nodeModule as { enableCompileCache?: () => void }).enableCompileCache?.();
void loadChunk<typeof Chunk>('export')
  .runFlusher(process.argv.slice(2))
  .catch(() => {})
  .finally(() => process.exit(0));
