import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../model';
import type { Workspace } from '../workspace';
import { accountByName, listAccounts } from '../store/catalog';
import { unlockForAccounts } from '../vault/terminal';
import { syncAccounts, type AccountSyncResult, type SyncProgress } from '../sync/engine';
import { acquireSyncLock, describeHolder } from '../workspace/lock';
import { options, timeRange, UsageError, withWorkspace, type Command, type CommandContext } from './args';
import { n, speak, t } from './i18n';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `--every 15m` → ms (units s, m, h; at least 1 s, at most a week); a usage error otherwise. */
export function everyOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,6})([smh])$/.exec(value.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : 0;
  if (ms < 1000 || ms > 7 * 86_400_000) throw new UsageError(t('sync.every', { value }));
  return ms;
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

/** One line for a scheduled round: when, how many accounts, new points, and which did not end ok. */
export function roundSummary(round: number, startedAt: number, results: AccountSyncResult[]): string {
  const points = results.reduce((n, r) => n + r.pointsAdded, 0);
  const notOk = results.filter((r) => r.state !== 'ok').map((r) => `${r.accountName} ${t(`runState.${r.state}`)}`);
  const lost = results.filter((r) => r.lost.length > 0).map((r) => r.accountName);
  return (
    t('sync.round', { round, time: new Date(startedAt).toISOString(), accounts: results.length, points }) +
    `; ${notOk.length > 0 ? notOk.join(', ') : t('sync.allOk')}` +
    (lost.length > 0 ? `; ${t('sync.lostForGood', { accounts: lost.join(', ') })}` : '')
  );
}

interface SyncRequest {
  ids: string[] | null;
  from?: number;
  to?: number;
  signal: AbortSignal;
}

async function syncRound(ws: Workspace, ctx: CommandContext, request: SyncRequest): Promise<AccountSyncResult[]> {
  let lastDraw = 0;
  const results = await syncAccounts(ws, request.ids, {
    from: request.from,
    to: request.to,
    signal: request.signal,
    log: ctx.verbose ? ctx.err : undefined,
    onProgress: (p) => {
      if (!ctx.isTTY || Date.now() - lastDraw < 200) return;
      lastDraw = Date.now();
      process.stderr.write(`\r\x1b[K${progressLine(p)}`);
    },
  });
  if (ctx.isTTY) process.stderr.write('\r\x1b[K');
  return results;
}

/** A single sync: a line per account, failures on stderr; 1 if any account did not end ok. */
function reportOnce(ctx: CommandContext, results: AccountSyncResult[]): number {
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
      formatted: String(r.pointsAdded),
    });
    ctx.out(`${summary}${lost}${r.why ? ` — ${speak(r.why)}` : ''}`);
    for (const f of r.failures) ctx.err(`  ${t('sync.failed', { keys: f.keys.join(', '), message: speak(f.why) })}`);
    if (r.state !== 'ok') failed = true;
  }
  return failed ? 1 : 0;
}

/** `--every`: a round, then the next one a period after the last began, until the signal; always 0. */
async function syncEvery(ws: Workspace, ctx: CommandContext, request: SyncRequest, periodMs: number): Promise<number> {
  for (let round = 1; !request.signal.aborted; round++) {
    const startedAt = Date.now();
    const results = await syncRound(ws, ctx, request);
    if (request.signal.aborted) break;
    ctx.out(roundSummary(round, startedAt, results));
    for (const r of results)
      for (const f of r.failures) ctx.err(`  ${t('sync.failed', { keys: f.keys.join(', '), message: speak(f.why) })}`);
    const wait = Math.max(0, startedAt + periodMs - Date.now());
    await sleep(wait, undefined, { signal: request.signal }).catch(() => undefined);
  }
  return 0;
}

export const syncCommand: Command = {
  get help() {
    return t('sync.help');
  },
  async run(args, ctx) {
    const { values } = options(args, {
      account: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      every: { type: 'string' },
    });
    const { from, to } = timeRange(values);
    const every = everyOption(values.every);
    return withWorkspace(ctx, async (ws) => {
      let ids: string[] | null = null;
      if (values.account) {
        const a = accountByName(ws.db, values.account);
        if (!a) throw new UserError('accounts.noAccountNamed', { name: values.account });
        ids = [a.id];
      }
      await unlockForAccounts(
        ws.vault,
        ids ? listAccounts(ws.db).filter((a) => ids.includes(a.id)) : listAccounts(ws.db),
      );
      const taken = await acquireSyncLock(ws.dataDir, 'command line');
      if ('heldBy' in taken) {
        ctx.err(t('sync.heldBy', { holder: speak(describeHolder(taken.heldBy)) }));
        return 1;
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const request: SyncRequest = { ids, from, to, signal: controller.signal };
        if (every !== undefined) return await syncEvery(ws, ctx, request, every);
        return reportOnce(ctx, await syncRound(ws, ctx, request));
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        taken.lock.release();
      }
    });
  },
};
