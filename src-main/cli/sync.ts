import { accountByName, listAccounts } from '../store/catalog';
import { unlockForAccounts } from '../vault/terminal';
import { syncAccounts, type SyncProgress } from '../sync/engine';
import { options, UsageError, withWorkspace, type Command } from './args';

/** An ISO 8601 date or date-time option → µs; a usage error otherwise. */
export function isoOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UsageError(`${flag} must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.`);
  return ms * 1000;
}

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
    const from = isoOption(values.from, '--from');
    const to = isoOption(values.to, '--to');
    return withWorkspace(ctx, async (ws) => {
      let ids: string[] | null = null;
      if (values.account) {
        const a = accountByName(ws.db, values.account);
        if (!a) throw new Error(`No account named "${values.account}".`);
        ids = [a.id];
      }
      await unlockForAccounts(
        ws.vault,
        ids ? listAccounts(ws.db).filter((a) => ids.includes(a.id)) : listAccounts(ws.db),
      );
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
