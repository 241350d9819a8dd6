import { UserError } from '../model';
import { accountByName } from '../store/catalog';
import { syncAccounts, type SyncProgress } from '../sync/engine';
import { options, timeRange, withWorkspace, type Command } from './args';

function progressLine(p: SyncProgress): string {
  const what =
    p.state === 'throttled' && p.throttledUntil
      ? `throttled until ${new Date(p.throttledUntil).toISOString()}`
      : p.state === 'discovering'
        ? 'discovering streams'
        : `${p.feedsDone}/${p.feedsTotal} feeds`;
  return `${p.accountName}: ${what}, ${p.pointsAdded.toLocaleString('en')} new points (${Math.round(p.rate).toLocaleString('en')}/s)`;
}

export const syncCommand: Command = {
  help: `Usage: tributary sync [--account NAME] [--from ISO] [--to ISO]
Fetches what is new for every account (or the named one). A first sync backfills from the earliest data
the vendor offers, or from --from. Exits 1 if any stream failed, after saving the rest.`,
  async run(args, ctx) {
    const { values } = options(args, { account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
    const { from, to } = timeRange(values);
    return withWorkspace(ctx, async (ws) => {
      let ids: string[] | null = null;
      if (values.account) {
        const a = accountByName(ws.db, values.account);
        if (!a) throw new UserError(`No account named "${values.account}".`);
        ids = [a.id];
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let lastDraw = 0;
      try {
        const results = await syncAccounts(ws, ids, {
          from,
          to,
          signal: controller.signal,
          log: ctx.verbose ? ctx.err : undefined,
          onProgress: (p) => {
            if (!ctx.isTTY || Date.now() - lastDraw < 200) return;
            lastDraw = Date.now();
            process.stderr.write(`\r\x1b[K${progressLine(p)}`);
          },
        });
        if (ctx.isTTY) process.stderr.write('\r\x1b[K');
        if (results.length === 0) {
          ctx.out('No accounts to sync. Add one with: tributary account add ...');
          return 0;
        }
        let failed = false;
        for (const r of results) {
          const lost = r.lost.length > 0 ? `; ${r.lost.length} streams lost data the vendor no longer serves` : '';
          ctx.out(`${r.accountName}: ${r.state}, ${r.pointsAdded} new points${lost}${r.error ? ` — ${r.error}` : ''}`);
          for (const f of r.failures) ctx.err(`  failed: ${f.keys.join(', ')}: ${f.message}`);
          if (r.state !== 'ok') failed = true;
        }
        return failed ? 1 : 0;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
  },
};
