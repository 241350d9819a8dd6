import { UserError } from '../model';
import { accountByName } from '../store/catalog';
import { syncAccounts, type SyncProgress } from '../sync/engine';
import { options, UsageError, withWorkspace, type Command } from './args';
import { n, t } from './i18n';

/** An ISO 8601 date or date-time option → µs; a usage error otherwise. */
export function isoOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(t('sync.isoDate', { flag }));
  return ms * 1000;
}

function progressLine(p: SyncProgress): string {
  const what =
    p.state === 'throttled' && p.throttledUntil
      ? t('sync.throttledUntil', { time: new Date(p.throttledUntil).toISOString() })
      : p.state === 'discovering'
        ? t('sync.discovering')
        : t('sync.feeds', { done: p.feedsDone, total: p.feedsTotal });
  return t('sync.progress', {
    account: p.accountName,
    what,
    count: p.pointsAdded,
    formatted: n(p.pointsAdded),
    rate: n(Math.round(p.rate)),
  });
}

export const syncCommand: Command = {
  get help() {
    return t('sync.help');
  },
  async run(args, ctx) {
    const { values } = options(args, { account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
    const from = isoOption(values.from, '--from');
    const to = isoOption(values.to, '--to');
    return withWorkspace(ctx, async (ws) => {
      let ids: string[] | null = null;
      if (values.account) {
        const a = accountByName(ws.db, values.account);
        if (!a) throw new UserError(t('noAccount', { name: values.account }));
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
          ctx.out(t('sync.noAccounts'));
          return 0;
        }
        let failed = false;
        for (const r of results) {
          const lost = r.lost.length > 0 ? `; ${t('sync.lost', { count: r.lost.length })}` : '';
          const summary = t('sync.summary', {
            account: r.accountName,
            state: t(`runState.${r.state}`),
            count: r.pointsAdded,
            formatted: n(r.pointsAdded),
          });
          ctx.out(`${summary}${lost}${r.error ? ` — ${r.error}` : ''}`);
          for (const f of r.failures) ctx.err(`  ${t('sync.failed', { keys: f.keys.join(', '), message: f.message })}`);
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
