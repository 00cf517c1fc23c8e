/** A span context as it travels between processes. */
export interface SpanContext {
  traceId: string;
  spanId: string;
  /** W3C trace-flags byte, as two hex digits ("01" = sampled). */
  flags: string;
  traceState?: string;
}

export function formatTraceparent(ctx: SpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags}`;
}
