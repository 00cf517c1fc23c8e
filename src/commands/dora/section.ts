import { resolveSettings } from '../../config/resolve.ts';
import { deliveryHtml } from '../../report/delivery.ts';
import type { ReportSection } from '../../report/data.ts';
import { deploymentOf } from '../../stats/deployment-record.ts';
import type { Env } from '../../trace/carrier.ts';
import { auditRows, doraReport, loadDeployments, selected, type DoraOptions } from './action.ts';

/** Newest deployments the report lists (the rest: vstrace dora --deployments). */
const LISTED = 20;

/**
 * The report's delivery section: `vstrace dora` over the report's period,
 * beside the period before it, and the newest deployments; none when the
 * period had no deployment.
 */
export function deliverySection(ctx: { home: string; env: Env; fromUs: number; toUs: number }): ReportSection | undefined {
  const types = resolveSettings({}, ctx.env).deployment.types;
  const since = Math.max(1, ctx.toUs - ctx.fromUs);
  const options: DoraOptions = { since, by: 'stream', compare: true, json: false, deployments: false, csv: false };
  const deployments = loadDeployments(ctx.home, types, ctx.fromUs - since, options).map(deploymentOf);
  const report = doraReport(deployments, options, ctx.env, ctx.toUs);
  if (report.groups.every((g) => g.deployments.succeeded + g.deployments.failed + g.deployments.open === 0)) return undefined;
  const audit = { ...options, deployments: true };
  const rows = auditRows(selected(loadDeployments(ctx.home, types, ctx.fromUs, audit), audit), report.window, audit, ctx.env).slice(0, LISTED);
  return {
    id: 'delivery',
    title: "Delivery: DORA's four keys",
    html: deliveryHtml({ ...report, groups: report.groups.filter((g) => g.deployments.succeeded + g.deployments.failed + g.deployments.open > 0) }, rows),
  };
}
