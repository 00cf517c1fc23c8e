import { syncSegmentIndex } from './index-sync.ts';

/**
 * The spans a segment already holds, by `traceId spanId`, so that a batch
 * sent twice (an exporter's retry) or a file imported twice is stored once.
 * A segment's keys come from its index the first time a span is bound for it;
 * then each span stored is added. `capacity` bounds the memory of a long-lived
 * receiver: past it the oldest keys are forgotten first (a retry comes soon
 * after its first attempt, not a hundred thousand spans later).
 */
export class KnownSpans {
  private readonly keys = new Set<string>();
  private readonly loaded = new Set<string>();

  constructor(
    private readonly home: string,
    private readonly capacity = Number.POSITIVE_INFINITY,
  ) {}

  has(segment: string, key: string): boolean {
    if (!this.loaded.has(segment)) this.load(segment);
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      for (const oldest of this.keys) {
        this.keys.delete(oldest);
        if (this.keys.size <= this.capacity) break;
      }
    }
  }

  /** Every span line of an index starts `traceId \t spanId`; dictionary lines start with `=`. */
  private load(segment: string): void {
    this.loaded.add(segment);
    const { buffer } = syncSegmentIndex(this.home, segment);
    for (let p = buffer.indexOf(0x0a) + 1; p > 0 && p < buffer.length; p = buffer.indexOf(0x0a, p) + 1) {
      if (buffer[p] !== 0x3d /* = */) this.add(buffer.toString('latin1', p, p + 32) + buffer.toString('latin1', p + 33, p + 49));
    }
  }
}

export const spanKey = (traceId: string, spanId: string): string => traceId + spanId;
