import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workspace } from '../workspace';
import { sleep } from '../http/budget';
import type { HttpClient } from '../http/client';
import { VendorError } from '../http/errors';
import { said } from '../model';
import { listSources, type AccountRow } from '../store/catalog';
import { listFiles, markFileDownloaded, upsertRemoteFiles } from '../store/files';
import { openConnector } from '../vendors';
import type { ReportOperations, ReportOrder } from '../vendors/connector';
import { safeFileName } from './names';
import { transferToFile } from './transfer';

export interface ReportResult {
  reportId: string;
  path: string;
  fileId: number;
}

export interface ReportService {
  /** Orders a report, waits until it is ready, downloads its PDF and lists it with the site's files. */
  create(account: AccountRow, order: ReportOrder, signal?: AbortSignal): Promise<ReportResult>;
  close(): Promise<void>;
}

/**
 * Reports of the vendors whose connector makes them (`capabilities.reports`). One connector per account
 * lives as long as the service, so a vendor's order budget (OpenSense: 4 a minute) is paced across
 * calls, not per call.
 */
export function createReportService(
  ws: Workspace,
  options: { pollMs?: number; timeoutMs?: number } = {},
): ReportService {
  const clients = new Map<string, { http: HttpClient; reports: ReportOperations }>();

  const clientFor = (account: AccountRow) => {
    let c = clients.get(account.id);
    if (!c) {
      const secret = ws.vault.read(account);
      if (!secret) throw new VendorError(said('accounts.noSecret', { name: account.name }), 'fail-account');
      const { connector, http } = openConnector(account, secret, { now: ws.now });
      if (!connector.reports) {
        void http.close();
        throw new VendorError(said('files.noReports'), 'fail-stream');
      }
      clients.set(account.id, (c = { http, reports: connector.reports }));
    }
    return c;
  };

  return {
    async create(account, order, signal) {
      const { http, reports } = clientFor(account);
      const site = listSources(ws.db, account.id).find((s) => s.vendorRef === order.siteId);
      if (!site) throw new VendorError(said('files.noSite'), 'fail-stream');
      const id = await reports.requestReport(order, signal);
      const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
      for (;;) {
        const status = await reports.pollReport(id, signal);
        if (status.ready) break;
        if (status.failed) throw new VendorError(said('files.reportFailed', { id }), 'fail-stream');
        if (Date.now() > deadline) throw new VendorError(said('files.reportLate', { id }), 'retry');
        await sleep(options.pollMs ?? 1000, signal);
      }
      const name = `${order.template} ${order.from} – ${order.to} (${id}).pdf`;
      const folder = join(
        ws.dataDir,
        'downloads',
        safeFileName(account.name, account.id),
        safeFileName(site.name, 'site'),
        'reports',
      );
      const path = join(folder, safeFileName(name, `${id}.pdf`));
      await mkdir(folder, { recursive: true });
      const result = await transferToFile(
        http,
        { url: reports.reportFileUrl(id), headers: reports.reportFileHeaders(), signal, maxBytes: 64 * 1024 * 1024 },
        join(folder, `.tributary-report-${safeFileName(id)}.part`),
        path,
        { signal, maxBytes: 64 * 1024 * 1024 },
      );
      upsertRemoteFiles(
        ws.db,
        account.id,
        site.id,
        [{ vendorName: name, size: result.size, vendorStatus: null, startTs: null, endTs: null }],
        ws.now(),
      );
      const row = listFiles(ws.db, { accountId: account.id, sourceId: site.id }).find((f) => f.vendorName === name);
      if (!row) throw new Error('The report was not recorded.');
      markFileDownloaded(ws.db, row.id, result.path, result.sha256, result.size, ws.now());
      ws.events.emit('store:changed', { reason: 'report downloaded' });
      return { reportId: id, path: result.path, fileId: row.id };
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.http.close()));
      clients.clear();
    },
  };
}
