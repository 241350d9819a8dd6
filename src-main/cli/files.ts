import { UserError } from '../model';
import { formatBytes } from '../model/units';
import { accountByName, listSources } from '../store/catalog';
import { downloadAccountFiles, fileOnServer, fileStatusText, refreshFileList } from '../files/service';
import { options, UsageError, withWorkspace, type Command } from './args';
import { unlockForAccounts } from '../vault/terminal';
import { resolve } from 'node:path';

const iso = (us: number | null) => (us === null ? null : new Date(Math.floor(us / 1000)).toISOString());

export const filesCommand: Command = {
  help: `Usage:
  tributary files list --account NAME [--json]
  tributary files download --account NAME --out DIR [--name FILE ...]
list asks the vendor for every device's files (with where they are stored) and shows which are downloaded.
download fetches the named files (all files on the server when no --name is given) into DIR/<device>/,
under their vendor names; a file already there is skipped when equal and never overwritten when not.`,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub !== 'list' && sub !== 'download')
      throw new UsageError(sub ? `Unknown files command "${sub}".` : 'files needs a sub-command: list or download.');
    const { values } = options(rest, {
      account: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      name: { type: 'string', multiple: true },
    });
    if (!values.account) throw new UsageError('--account is required.');
    if (sub === 'download' && !values.out) throw new UsageError('--out DIR is required.');
    return withWorkspace(ctx, async (ws) => {
      const account = accountByName(ws.db, values.account as string);
      if (!account) throw new UserError(`No account named "${values.account}".`);
      await unlockForAccounts(ws.vault, [account]);
      const { files, problems } = await refreshFileList(ws, account);
      for (const p of problems) ctx.err(`The file list of ${p.device} could not be read: ${p.message}`);
      if (sub === 'list') {
        const deviceNames = new Map(listSources(ws.db, account.id).map((s) => [s.id, s.name]));
        const rows = files.map((f) => ({
          device: f.sourceId === null ? null : (deviceNames.get(f.sourceId) ?? null),
          name: f.vendorName,
          size: f.size,
          status: f.vendorStatus,
          statusText: fileStatusText(account, f.vendorStatus),
          start: iso(f.startTs),
          end: iso(f.endTs),
          downloaded: f.state === 'downloaded',
          localPath: f.localPath,
          sha256: f.sha256,
        }));
        if (values.json) ctx.out(JSON.stringify(rows));
        else if (rows.length === 0) ctx.out('No files.');
        else
          for (const r of rows)
            ctx.out(
              `${r.device ?? '-'}\t${r.name}\t${formatBytes(r.size)}\t${r.statusText}\t${r.start ?? ''}\t${r.downloaded ? 'downloaded' : ''}`,
            );
        return 0;
      }
      const names = values.name as string[] | undefined;
      const wanted = names
        ? names.map((n) => {
            const match =
              files.find((f) => f.vendorName === n) ?? files.find((f) => f.vendorName.split('/').pop() === n);
            if (!match) throw new UserError(`No file named "${n}" on ${account.name}.`);
            return match;
          })
        : files.filter((f) => fileOnServer(account, f));
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      let lastDraw = 0;
      const summary = await downloadAccountFiles(ws, account, {
        fileIds: wanted.map((f) => f.id),
        outDir: resolve(values.out as string),
        signal: controller.signal,
        onProgress: (p) => {
          if (!ctx.isTTY || Date.now() - lastDraw < 200) return;
          lastDraw = Date.now();
          const eta = p.eta === null ? '' : `, ${Math.ceil(p.eta)} s left`;
          process.stderr.write(
            `\r\x1b[K${p.filesDone}/${p.filesTotal} files, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} at ${formatBytes(p.speed)}/s${eta}`,
          );
        },
      });
      if (ctx.isTTY) process.stderr.write('\r\x1b[K');
      const cancelled =
        summary.cancelled.length > 0 ? `, ${summary.cancelled.length} cancelled (run again to resume)` : '';
      ctx.out(
        `${summary.downloaded.length} downloaded (${formatBytes(summary.bytes)}), ${summary.skipped.length} skipped, ${summary.failed.length} failed${cancelled}.`,
      );
      for (const s of summary.skipped) ctx.err(`  skipped ${s.file.vendorName}: ${s.reason}`);
      for (const f of summary.failed) ctx.err(`  failed ${f.file.vendorName}: ${f.error}`);
      for (const note of summary.archiveNotes) ctx.err(`  ${note}`);
      for (const i of summary.imports.filter((x) => x.error))
        ctx.err(`  import failed for file ${i.fileId}: ${i.error}`);
      return summary.failed.length > 0 || summary.cancelled.length > 0 ? 1 : 0;
    });
  },
};
