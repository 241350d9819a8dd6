import type { HttpRequest } from '../../http/client';
import { VendorError } from '../../http/errors';
import { said } from '../../model';
import { parseWire } from '../common';
import type { FileOperations, RemoteFile } from '../connector';
import { attachmentsSchema, type WireAttachment } from './api';

/** The export formats offered as files of every dataset (the same data the portal's Export tab gives). */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the files need from the connector: its URLs, its auth header and its quota-aware JSON GET. */
export interface OdsFilesContext {
  url(path: string): URL;
  headers: Record<string, string>;
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
  /** Throws while the portal's daily quota is spent. */
  checkQuota(): void;
}

export const datasetPath = (datasetId: string, rest = '') =>
  `/catalog/datasets/${encodeURIComponent(datasetId)}${rest}`;

const exportName = (datasetId: string, format: ExportFormat) => `${datasetId}.${format}`;

/**
 * Each attachment's file name → its id: the title (the portal's name for it), else the id; a name an
 * export or an earlier attachment already has falls back to the id, then to `<id>-<n>`, so every
 * name maps back to one attachment. The queue makes these names safe before they touch the disk.
 */
export function attachmentNames(
  datasetId: string,
  attachments: readonly WireAttachment[],
): Map<string, WireAttachment> {
  const taken = new Set<string>(EXPORT_FORMATS.map((f) => exportName(datasetId, f)));
  const named = new Map<string, WireAttachment>();
  attachments.forEach((attachment, index) => {
    const title = attachment.title?.trim();
    const name = [title, attachment.id, `${attachment.id}-${index + 1}`].find(
      (candidate): candidate is string => !!candidate && !taken.has(candidate),
    );
    if (name === undefined) return;
    taken.add(name);
    named.set(name, attachment);
  });
  return named;
}

/** Dataset attachments and exports as files; a source is a dataset, `sourceRef` its id. */
export function createOpendatasoftFiles(ctx: OdsFilesContext): FileOperations {
  async function attachmentsOf(datasetId: string, signal?: AbortSignal): Promise<Map<string, WireAttachment>> {
    const body = parseWire(
      attachmentsSchema,
      await ctx.getJson(datasetPath(datasetId, '/attachments'), signal),
      `OpenDataSoft attachments of ${datasetId}`,
    );
    return attachmentNames(
      datasetId,
      body.attachments.map((a) => a.metas),
    );
  }

  /** The URL is built from the ids, never taken from the answer's `href`: the API key must not leave the portal. */
  function get(path: string, signal?: AbortSignal): HttpRequest {
    ctx.checkQuota();
    return { url: ctx.url(path), headers: { ...ctx.headers, accept: '*/*' }, signal };
  }

  return {
    /** Files have no time range: every one is listed whatever the range. */
    async list(datasetId, _fromMs, _toMs, signal): Promise<RemoteFile[]> {
      const file = (name: string, size: number | null): RemoteFile => ({
        name,
        sourceRef: datasetId,
        size,
        status: null,
        startTs: null,
        endTs: null,
      });
      const attachments = await attachmentsOf(datasetId, signal);
      return [
        ...[...attachments].map(([name, attachment]) => file(name, attachment.size ?? null)),
        ...EXPORT_FORMATS.map((format) => file(exportName(datasetId, format), null)),
      ];
    },

    async downloadRequest(datasetId, names, signal) {
      if (names.length !== 1) throw new VendorError(said('vendors.opendatasoft.oneAtATime'), 'fail-stream');
      const [name] = names;
      const format = EXPORT_FORMATS.find((f) => exportName(datasetId, f) === name);
      if (format) return get(datasetPath(datasetId, `/exports/${format}`), signal);
      const attachment = (await attachmentsOf(datasetId, signal)).get(name);
      if (!attachment)
        throw new VendorError(said('vendors.opendatasoft.noAttachment', { name, datasetId }), 'fail-stream');
      return get(datasetPath(datasetId, `/attachments/${encodeURIComponent(attachment.id)}`), signal);
    },

    maxNamesPerRequest: 1,
  };
}
