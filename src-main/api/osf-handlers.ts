import { realpath, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { importOsfFile } from '../osf/import';
import { inspectOsf, type ChannelSummary } from '../osf/inspect';
import { UserError } from '../model';
import type { HandlerContext, Handlers } from './context';
import type { Channel, OsfChannelView } from './contract';

type OsfChannel = Extract<Channel, `osf:${string}`>;

/** Where browser-mode uploads land (`POST /api/upload`). */
export const importsFolder = (dataDir: string): string => join(dataDir, 'imports');

const micros = (ns: bigint | null): number | null => (ns === null ? null : Number(ns / 1000n));

function channelView(s: ChannelSummary): OsfChannelView {
  return {
    index: s.channel.index,
    name: s.channel.name,
    unit: s.channel.unit,
    datatype: s.channel.datatype,
    count: s.count,
    events: Object.values(s.events).reduce((sum, n) => sum + n, 0),
    first: micros(s.firstNs),
    last: micros(s.lastNs),
    min: s.min,
    max: s.max,
  };
}

/**
 * Opened OSF files: a summary before import, then the import itself. Paths from the renderer are not
 * trusted: they must lie in the workspace's `imports/` (uploads) or `downloads/` folder, or be one
 * the user chose in this session's native open dialog.
 */
export function createOsfHandlers(ctx: HandlerContext): Pick<Handlers, OsfChannel> {
  const { ws } = ctx;
  const chosen = ctx.granted ?? new Set<string>();

  async function allowedPath(path: string): Promise<string> {
    const refuse = () => new UserError('osf.notGranted');
    const real = await realpath(path).catch(() => {
      throw refuse();
    });
    if (chosen.has(real)) return real;
    for (const folder of [importsFolder(ws.dataDir), join(ws.dataDir, 'downloads')]) {
      const root = await realpath(folder).catch(() => null);
      if (root && real.startsWith(root + sep)) return real;
    }
    throw refuse();
  }

  return {
    'osf:choose': async () => {
      if (!ctx.chooseFiles) throw new UserError('osf.dialogDesktopOnly');
      const paths = await ctx.chooseFiles();
      const real = await Promise.all(paths.map((p) => realpath(p)));
      for (const p of real) chosen.add(p);
      return { paths: real };
    },
    'osf:inspect': async ({ path }) => {
      const file = await allowedPath(path);
      const r = await inspectOsf(file);
      return {
        path: file,
        name: basename(file),
        size: (await stat(file)).size,
        format: r.header.magic,
        compression: r.compression,
        creator: r.header.creator,
        created: r.header.createdUtc,
        channels: r.channels.map(channelView),
        warnings: r.warnings,
        truncated: r.truncated,
      };
    },
    'osf:import': async ({ paths }) => {
      const files = await Promise.all(paths.map(allowedPath));
      const results = [];
      try {
        for (const file of files) {
          const r = await importOsfFile(ws.db, file, { now: ws.now });
          const { file: _file, sha256: _sha, ...view } = r;
          results.push({ name: basename(file), ...view });
        }
      } finally {
        if (results.length > 0) ws.events.emit('store:changed', { reason: 'files opened' });
      }
      return results;
    },
  };
}
