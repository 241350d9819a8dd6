/** What each account syncs: streams or whole sources in or out, the rule for new streams, series fields. */
import { UserError, type NewStreamRule } from '../model';
import { listSources, listStreams, type AccountRow, type StreamRow } from '../store/catalog';
import { chooseSeriesFields } from '../store/series';
import {
  newStreamRule,
  selectionCounts,
  setAllStreamsSelected,
  setNewStreamRule,
  setStreamsSelected,
} from '../store/selection';
import { vendors } from '../vendors';
import type { Workspace } from '../workspace';
import { requireAccount } from '.';

export interface SelectionChange {
  /** Every stream of the account (`all`), or the streams named by stream or source keys. */
  target: 'all' | readonly string[];
  /** True: the target syncs; false: it stops syncing (its points stay). */
  selected: boolean;
}

export interface SelectionState {
  selected: number;
  total: number;
  newStreams: NewStreamRule;
  /** By stream key: the points the vendor says a stream holds (OpenDataSoft `records_count`), where it says. */
  estimatedPoints: Record<string, number>;
}

/** Streams of the account a key names: a stream key names itself, a source key every stream under it. */
function streamsNamed(ws: Workspace, account: AccountRow, keys: readonly string[]): StreamRow[] {
  const streams = listStreams(ws.db, { accountId: account.id });
  const sources = listSources(ws.db, account.id);
  const out = new Map<number, StreamRow>();
  for (const key of keys) {
    const stream = streams.find((s) => s.key === key);
    if (stream) {
      out.set(stream.id, stream);
      continue;
    }
    const root = sources.find((s) => `${account.vendor}/${s.vendorRef}` === key);
    if (!root) throw new UserError('accounts.notStreamOrSource', { key, name: account.name });
    const under = new Set([root.id]);
    // Nested sources (a Realtime system's sensors): a source stands for everything below it.
    for (let grew = true; grew;) {
      grew = false;
      for (const s of sources)
        if (s.parentId !== null && under.has(s.parentId) && !under.has(s.id)) grew = Boolean(under.add(s.id));
    }
    for (const s of streams) if (s.sourceId !== null && under.has(s.sourceId)) out.set(s.id, s);
  }
  return [...out.values()];
}

export function selectionState(ws: Workspace, accountId: string): SelectionState {
  const { selected, total } = selectionCounts(ws.db, accountId);
  const estimatedPoints = Object.fromEntries(
    listStreams(ws.db, { accountId }).flatMap((s) =>
      typeof s.meta.estimatedPoints === 'number' ? [[s.key, s.meta.estimatedPoints]] : [],
    ),
  );
  return { selected, total, newStreams: newStreamRule(ws.db, accountId) ?? 'include', estimatedPoints };
}

/** Applies a change to what the account syncs; resolves to the selection after it. */
export function changeSelection(ws: Workspace, accountId: string, change: SelectionChange): SelectionState {
  const account = requireAccount(ws, accountId);
  if (change.target === 'all') setAllStreamsSelected(ws.db, account.id, change.selected);
  else
    setStreamsSelected(
      ws.db,
      account.id,
      streamsNamed(ws, account, change.target).map((s) => s.id),
      change.selected,
    );
  ws.events.emit('store:changed', { reason: 'selection' });
  return selectionState(ws, account.id);
}

export function setNewStreams(ws: Workspace, accountId: string, rule: NewStreamRule): void {
  setNewStreamRule(ws.db, requireAccount(ws, accountId).id, rule);
}

/**
 * Names the fields that tell a source's series apart, replacing the ones detected (for vendors whose
 * capabilities say `seriesFields`). The streams follow at the next discovery.
 */
export function setSeriesFields(ws: Workspace, accountId: string, sourceKey: string, fields: readonly string[]): void {
  const account = requireAccount(ws, accountId);
  if (!vendors[account.vendor].capabilities.seriesFields)
    throw new UserError('accounts.noSeries', { vendor: vendors[account.vendor].label });
  const source = listSources(ws.db, account.id).find((s) => `${account.vendor}/${s.vendorRef}` === sourceKey);
  if (!source) throw new UserError('accounts.notSource', { key: sourceKey, name: account.name });
  chooseSeriesFields(ws.db, account.id, source.vendorRef, fields);
}
