import { UserError } from '../model';
import { formatBytes } from '../model/units';
import { accountByName, listSources } from '../store/catalog';
import { downloadAccountFiles, fileOnServer, fileStatusText, refreshFileList } from '../files/service';
import { options, UsageError, withWorkspace, type Command } from './args';
import { unlockForAccounts } from '../vault/terminal';
import { speak, t } from './i18n';
import { resolve } from 'node:path';

const iso = (us: number | null) => (us === null ? null : new Date(Math.floor(us / 1000)).toISOString());

export const filesCommand: Command = {
  get help() {
    return t('files.help');
  },
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub !== 'list' && sub !== 'download')
      throw new UsageError(sub ? t('files.unknownSub', { sub }) : t('files.needsSub'));
    const { values } = options(rest, {
      account: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      name: { type: 'string', multiple: true },
    });
    if (!values.account) throw new UsageError(t('files.needsAccount'));
    if (sub === 'download' && !values.out) throw new UsageError(t('files.needsOut'));
    return withWorkspace(ctx, async (ws) => {
      const account = accountByName(ws.db, values.account as string);
      if (!account) throw new UserError('accounts.noAccountNamed', { name: values.account as string });
      await unlockForAccounts(ws.vault, [account]);
      const { files, problems } = await refreshFileList(ws, account);
      for (const p of problems) ctx.err(t('files.listProblem', { device: p.device, message: p.message }));
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
        else if (rows.length === 0) ctx.out(t('files.none'));
        else
          for (const r of rows)
            ctx.out(
              `${r.device ?? '-'}\t${r.name}\t${formatBytes(r.size)}\t${r.statusText}\t${r.start ?? ''}\t${r.downloaded ? t('files.downloaded') : ''}`,
            );
        return 0;
      }
      const names = values.name as string[] | undefined;
      const wanted = names
        ? names.map((name) => {
            const match =
              files.find((f) => f.vendorName === name) ?? files.find((f) => f.vendorName.split('/').pop() === name);
            if (!match) throw new UserError('files.noFileNamed', { name, account: account.name });
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
          const eta = p.eta === null ? '' : `, ${t('export.left', { seconds: Math.ceil(p.eta) })}`;
          const line = t('files.progress', {
            done: p.filesDone,
            total: p.filesTotal,
            bytes: formatBytes(p.bytesDone),
            bytesTotal: formatBytes(p.bytesTotal),
            speed: formatBytes(p.speed),
          });
          process.stderr.write(`\r\x1b[K${line}${eta}`);
        },
      });
      if (ctx.isTTY) process.stderr.write('\r\x1b[K');
      const cancelled =
        summary.cancelled.length > 0 ? `, ${t('files.cancelled', { count: summary.cancelled.length })}` : '';
      const done = t('files.summary', {
        downloaded: summary.downloaded.length,
        bytes: formatBytes(summary.bytes),
        skipped: summary.skipped.length,
        failed: summary.failed.length,
      });
      ctx.out(`${done}${cancelled}.`);
      for (const s of summary.skipped)
        ctx.err(`  ${t('files.skipped', { file: s.file.vendorName, reason: speak(s.reason) })}`);
      for (const f of summary.failed)
        ctx.err(`  ${t('files.failed', { file: f.file.vendorName, error: speak(f.why) })}`);
      for (const note of summary.archiveNotes) ctx.err(`  ${speak(note)}`);
      for (const i of summary.imports.filter((x) => x.error))
        ctx.err(`  ${t('files.importFailed', { id: i.fileId, error: i.error ? speak(i.error) : '' })}`);
      return summary.failed.length > 0 || summary.cancelled.length > 0 ? 1 : 0;
    });
  },
};
