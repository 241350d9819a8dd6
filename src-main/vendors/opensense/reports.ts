import { randomUUID } from 'node:crypto';
import { createBudget } from '../../http/budget';
import type { ConnectorContext } from '../connector';
import { parseWire } from '../common';
import { reportSchema } from './api';
import { createOpensenseClient } from './index';

/**
 * OpenSense reports (PDF), asynchronous: request one, poll until `ready`, then download its file.
 * For the report downloader; sync does not use them.
 */

export interface ReportOrder {
  siteId: string;
  template: string;
  /** Period ends, both inclusive: ISO dates or RFC 3339 times, passed through as given. */
  from: string;
  to: string;
  language?: string;
}

export interface ReportStatus {
  id: string;
  state: string;
  ready: boolean;
  failed: boolean;
}

export function createOpensenseReports(ctx: ConnectorContext) {
  const api = createOpensenseClient(ctx);
  // The Report family allows 4 POST /v1/reports a minute per account: one every 15 s, no burst.
  const orders = createBudget({ perMinute: 4, burst: 1 }, ctx.now);
  const reportPath = (id: string) => `/v1/reports/${encodeURIComponent(id)}`;

  return {
    /** Orders a report; resolves to its id (`rpt_…`). */
    async requestReport(order: ReportOrder, signal?: AbortSignal): Promise<string> {
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

    async pollReport(id: string, signal?: AbortSignal): Promise<ReportStatus> {
      const report = parseWire(
        reportSchema,
        await api.send({ url: api.url(reportPath(id)), signal }),
        `OpenSense report ${id}`,
      );
      return { id: report.id, state: report.state, ready: report.state === 'ready', failed: report.state === 'failed' };
    },

    /** The PDF's address; download it with `reportFileHeaders()`. */
    reportFileUrl(id: string): string {
      return api.url(`${reportPath(id)}/file`).toString();
    },

    /** The authorisation the file download needs (never log these). */
    reportFileHeaders(): Record<string, string> {
      return { ...api.headers, accept: 'application/pdf' };
    },
  };
}
