import type { ReportSection } from '../../report/data.ts';
import type { Env } from '../../trace/carrier.ts';
import { deliverySection } from '../dora/section.ts';

/** What a section is drawn from: the store, the report's period and the environment its settings come from. */
export interface SectionContext {
  home: string;
  env: Env;
  fromUs: number;
  toUs: number;
  nowUs: number;
}

/**
 * The report's extension point: each entry may add one section after the
 * charts, or none when it has nothing to say for the period. The delivery
 * figures of `vstrace dora` belong here. A section's HTML is put in as given,
 * so its author escapes every value (escapeHtml and visible in
 * report/escape.ts) and draws with the page's own classes (table, .card, .sub).
 */
export const REPORT_SECTIONS: ReadonlyArray<(ctx: SectionContext) => ReportSection | undefined> = [deliverySection];
