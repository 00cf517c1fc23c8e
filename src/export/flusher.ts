/**
 * The background flusher's entry (dist/flusher.js), spawned detached by
 * kick.ts after a run queued a span. Tiny on purpose: the exporters live in the
 * export chunk, shared with `vstrace flush`.
 */
import { loadChunk } from '../lazy.ts';
import type * as Chunk from './chunk.ts';

void loadChunk<typeof Chunk>('export')
  .runFlusher(process.argv.slice(2))
  .catch(() => {})
  .finally(() => process.exit(0));
