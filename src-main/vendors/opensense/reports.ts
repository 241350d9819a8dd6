import { randomUUID } from 'node:crypto';
import { createBudget } from '../../http/budget';
import type { ReportsCapability } from '../../model/capabilities';
import type { ConnectorContext, ReportOperations } from '../connector';
import { parseWire } from '../common';
import { reportSchema } from './api';
import { createOpensenseClient, type OpensenseClient } from './client';

/**
 * OpenSense reports (PDF), asynchronous: request one, poll until `ready`, then download its file.
 * For the report downloader; sync does not use them.
 */

/**
 * The templates the API takes (its 422 `unknown_template` names them) and the languages of its PDFs
 * (the documentation does not list them; the API answers 422 `out_of_range` to others).
 */
export const OPENSENSE_REPORTS: ReportsCapability = {
  templates: [
    { id: 'monthly_summary', label: 'Monthly summary' },
    { id: 'haccp_temperature_log', label: 'HACCP temperature log' },
    { id: 'legionella_flush_log', label: 'Legionella flush log' },
  ],
  languages: [
    { id: 'en', label: 'English' },
    { id: 'de', label: 'German' },
    { id: 'fr', label: 'French' },
  ],
};

export function createOpensenseReports(
  ctx: ConnectorContext,
  api: OpensenseClient = createOpensenseClient(ctx),
): ReportOperations {
  // The Report family allows 4 POST /v1/reports a minute per account: one every 15 s, no burst.
  const orders = createBudget({ perMinute: 4, burst: 1 }, ctx.now);
  const reportPath = (id: string) => `/v1/reports/${encodeURIComponent(id)}`;

  return {
    /** Orders a report; resolves to its id (`rpt_…`). */
    async requestReport(order, signal) {
      await orders.take(signal);
      const body = JSON.stringify({
        site_id: order.siteId,
        template: order.template,
        period: { from: order.from, to: order.to },
        ...(order.language ? { language: order.language } : {}),
      });
      // One key per order, kept across retries, so a retried POST cannot order twice.
      const headers = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
      const answer = await api.send({ method: 'POST', url: api.url('/v1/reports'), body, headers, signal });
      return parseWire(reportSchema, answer, 'OpenSense report order').id;
    },

    async pollReport(id, signal) {
      const report = parseWire(
        reportSchema,
        await api.send({ url: api.url(reportPath(id)), signal }),
        `OpenSense report ${id}`,
      );
      return { id: report.id, state: report.state, ready: report.state === 'ready', failed: report.state === 'failed' };
    },

    /** The PDF's address. */
    reportFileUrl(id) {
      return api.url(`${reportPath(id)}/file`).toString();
    },

    reportFileHeaders() {
      return { ...api.headers, accept: 'application/pdf' };
    },
  };
}
