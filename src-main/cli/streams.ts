import { changeSelection, selectionState, setNewStreams, setSeriesFields } from '../accounts/selection';
import { newStreamRules, type NewStreamRule } from '../model';
import { listAccounts, listSources, listStreams } from '../store/catalog';
import { streamOverview } from '../store/status';
import { discoverAccount } from '../sync/discover';
import { streamRanges, type StreamRangeView } from '../sources';
import type { Workspace } from '../workspace';
import { requireAccountNamed } from './account';
import { options, UsageError, withWorkspace, type Command } from './args';
import { n, t } from './i18n';

function isoOrNull(us: number | null | undefined): string | null {
  return us == null ? null : new Date(Math.floor(us / 1000)).toISOString();
}

/** The local catalog as `streams --json` prints it (DESIGN.md "CLI contract"). */
function streamRows(ws: Workspace, accountId: string | undefined) {
  const status = new Map(streamOverview(ws.db).map((s) => [s.id, s]));
  const vendorOf = new Map(listAccounts(ws.db).map((a) => [a.id, a.vendor]));
  // Sources without an account are opened OSF files.
  const sourceKeys = new Map(
    listSources(ws.db).map((s) => [s.id, `${(s.accountId && vendorOf.get(s.accountId)) ?? 'osf'}/${s.vendorRef}`]),
  );
  return listStreams(ws.db, { accountId }).map((s) => ({
    key: s.key,
    name: s.name,
    unit: s.unit,
    kind: s.kind,
    source: s.sourceId === null ? null : (sourceKeys.get(s.sourceId) ?? null),
    selected: s.selected,
    vendor: s.vendor,
    points: status.get(s.id)?.pointCount ?? 0,
    first: isoOrNull(status.get(s.id)?.firstTs),
    last: isoOrNull(status.get(s.id)?.lastTs),
    reported: s.reported,
    collisions: s.collisions,
    ...(s.enumLabels ? { enumLabels: s.enumLabels } : {}),
    ...rangeFields(streamRanges(ws, s.id)),
  }));
}

/** A stream's ranges as its metadata carries them: `range` (the one that counts) and where it comes from. */
function rangeFields(r: StreamRangeView) {
  return r.effective ? { range: { ...r.effective, origin: r.user ? 'user' : 'vendor' } } : {};
}

export const streamsCommand: Command = {
  get help() {
    return t('streams.help');
  },
  async run(args, ctx) {
    const { values } = options(args, {
      account: { type: 'string' },
      discover: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    return withWorkspace(ctx, async (ws) => {
      const account = values.account === undefined ? undefined : requireAccountNamed(ws, values.account);
      if (values.discover) {
        const accounts = account ? [account] : listAccounts(ws.db).filter((a) => !a.removedAt);
        for (const a of accounts) {
          const found = await discoverAccount(ws, a);
          if (!values.json) ctx.err(t('streams.discovered', { ...found, count: found.streams }));
        }
      }
      const rows = streamRows(ws, account?.id);
      if (values.json) ctx.out(JSON.stringify(rows));
      else if (rows.length === 0) ctx.out(t('streams.none'));
      else
        for (const r of rows) {
          const notes = [
            !r.selected && t('streams.notSyncing'),
            !r.reported && t('streams.notReported'),
            r.collisions > 0 && t('streams.collisions', { count: r.collisions }),
          ].filter(Boolean);
          ctx.out(
            `${r.key}\t${r.name}\t${r.unit}\t${r.kind}\t${t('streams.points', { count: r.points, formatted: n(r.points) })}${notes.length ? `\t(${notes.join(', ')})` : ''}`,
          );
        }
      return 0;
    });
  },
};

export const selectCommand: Command = {
  get help() {
    return t('select.help');
  },
  async run(args, ctx) {
    const { values, positionals: keys } = options(
      args,
      {
        account: { type: 'string' },
        all: { type: 'boolean' },
        none: { type: 'boolean' },
        off: { type: 'boolean' },
        new: { type: 'string' },
        'series-by': { type: 'string' },
      },
      true,
    );
    if (!values.account) throw new UsageError(t('files.needsAccount'));
    const rule = values.new;
    if (rule !== undefined && !newStreamRules.includes(rule as NewStreamRule))
      throw new UsageError(t('select.newRule'));
    const targets = [values.all, values.none, keys.length > 0].filter(Boolean).length;
    if (targets > 1) throw new UsageError(t('select.oneTarget'));
    const seriesBy = values['series-by']
      ?.split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    if (seriesBy && (keys.length !== 1 || seriesBy.length === 0)) throw new UsageError(t('select.seriesBy'));
    if (targets === 0 && rule === undefined) throw new UsageError(t('select.nothing'));
    const accountName = values.account;
    return withWorkspace(ctx, async (ws) => {
      const account = requireAccountNamed(ws, accountName);
      if (rule !== undefined) setNewStreams(ws, account.id, rule as NewStreamRule);
      if (seriesBy) {
        setSeriesFields(ws, account.id, keys[0], seriesBy);
        await discoverAccount(ws, requireAccountNamed(ws, accountName));
      } else if (values.all || values.none) {
        changeSelection(ws, account.id, { target: 'all', selected: Boolean(values.all) && !values.off });
      } else if (keys.length > 0) {
        changeSelection(ws, account.id, { target: keys, selected: !values.off });
      }
      const state = selectionState(ws, account.id);
      const later = t(state.newStreams === 'include' ? 'select.laterSelected' : 'select.laterNotSelected');
      ctx.out(t('select.done', { selected: state.selected, count: state.total, name: account.name, later }));
      return 0;
    });
  },
};
