import { copyFile } from 'node:fs/promises';
import { createExportJobs } from '../export/jobs';
import { UserError } from '../model';
import type { HandlerContext, Handlers } from './context';
import type { Channel } from './contract';
import { errorMessage } from './errors';
import { downloadLink } from './transfers';

type ExportChannel = Extract<Channel, `export:${string}`>;

/**
 * The export section of the API over the export jobs; a finished export is taken as a copy with the
 * native save dialog (desktop) or a one-time download link (browser mode).
 */
export function createExportHandlers(ctx: HandlerContext): Pick<Handlers, ExportChannel> {
  const jobs = createExportJobs(ctx.ws, (err) => errorMessage(err));
  return {
    'export:run': (options) => jobs.start(options),
    'export:cancel': ({ id }) => {
      jobs.cancel(id);
      return null;
    },
    'export:recent': () => jobs.recent(),
    'export:saveAs': async ({ id }) => {
      if (!ctx.saveFileAs) throw new UserError('export.saveAsDesktopOnly');
      const record = jobs.finished(id);
      const destination = await ctx.saveFileAs(record.name);
      if (destination) await copyFile(record.path, destination);
      return { path: destination };
    },
    'export:ticket': ({ id }) => {
      const record = jobs.finished(id);
      return downloadLink(ctx.tickets, { path: record.path, name: record.name });
    },
  };
}
