import { staleState, UserError, type DeviceEvent, type StaleState, type ValueRange } from '../model';
import { listAccounts } from '../store/catalog';
import { eventsOf } from '../store/events';
import { countOutside, effectiveRange, rangesOf, setRange, type StreamRanges } from '../store/ranges';
import { sourceHealth, type SourceHealthRow } from '../store/sources';
import { vendors } from '../vendors';
import type { Db } from '../store/db';

/**
 * The field view (issue 18): every source with its facts and health, a device's communication log,
 * and the value ranges of streams. One service for the CLI (`sources`, `events`) and the screens.
 */

/** What the field view reads: the workspace's database and clock (a `Workspace` is one). */
export interface FieldStore {
  db: Db;
  /** ms since the epoch. */
  now: () => number;
}

/** A source as people see it: its key (DESIGN.md "Common data model"), facts and health. Times in µs. */
export interface SourceHealth extends Omit<SourceHealthRow, 'vendorRef'> {
  key: string;
  vendor: string;
  accountName: string | null;
  parentKey: string | null;
  state: StaleState;
  /** The vendor keeps a communication log for it (capability `deviceEvents`). */
  hasEvents: boolean;
}

/** Sources made locally (OSF files opened from disk) carry this vendor word in their key. */
const LOCAL_VENDOR = 'osf';

/** Every source (or one account's) with its health as of `now` (ms). */
export function listSourceViews(ws: FieldStore, accountId?: string): SourceHealth[] {
  const accounts = new Map(listAccounts(ws.db).map((a) => [a.id, a]));
  const rows = sourceHealth(ws.db, accountId);
  const keyOf = (r: SourceHealthRow) => `${accounts.get(r.accountId ?? '')?.vendor ?? LOCAL_VENDOR}/${r.vendorRef}`;
  const keys = new Map(rows.map((r) => [r.id, keyOf(r)]));
  const nowUs = ws.now() * 1000;
  // Fields copied by name: a rest-and-spread copy of thousands of rows costs more than the query.
  return rows.map((r) => {
    const account = r.accountId === null ? undefined : accounts.get(r.accountId);
    return {
      id: r.id,
      accountId: r.accountId,
      parentId: r.parentId,
      name: r.name,
      info: r.info,
      location: r.location,
      lastContact: r.lastContact,
      online: r.online,
      expectedInterval: r.expectedInterval,
      streams: r.streams,
      gaps: r.gaps,
      outOfRange: r.outOfRange,
      rejected: r.rejected,
      syncErrors: r.syncErrors,
      lastError: r.lastError,
      lastErrorSaid: r.lastErrorSaid,
      key: keys.get(r.id) as string,
      vendor: account?.vendor ?? LOCAL_VENDOR,
      accountName: account?.name ?? null,
      parentKey: r.parentId === null ? null : (keys.get(r.parentId) ?? null),
      state: staleState(r.lastContact, r.expectedInterval, nowUs),
      hasEvents: account ? vendors[account.vendor].capabilities.deviceEvents : false,
    };
  });
}

export function sourceByKey(ws: FieldStore, key: string, accountId?: string): SourceHealth {
  const found = listSourceViews(ws, accountId).find((s) => s.key === key);
  if (!found) throw new UserError('sources.noSuchKey', { key });
  return found;
}

export interface SourceEvent extends DeviceEvent {
  source: string;
}

/** The communication log of the given sources in [from, to) µs, newest first. */
export function deviceLog(
  ws: FieldStore,
  sources: readonly SourceHealth[],
  range: { from?: number; to?: number; limit?: number } = {},
): SourceEvent[] {
  const keys = new Map(sources.map((s) => [s.id, s.key]));
  return eventsOf(
    ws.db,
    sources.map((s) => s.id),
    range,
  ).map((e) => ({ source: keys.get(e.sourceId) as string, ts: e.ts, type: e.type, details: e.details }));
}

export interface StreamRangeView extends StreamRanges {
  /** The one that counts: the user's where set, else the vendor's. */
  effective: ValueRange | null;
}

export function streamRanges(ws: FieldStore, streamId: number): StreamRangeView {
  const ranges = rangesOf(ws.db, streamId);
  return { ...ranges, effective: effectiveRange(ranges) };
}

/** Sets the user's range of a stream; both ends null clears it (the vendor's counts again). */
export function setUserRange(ws: FieldStore, streamId: number, range: ValueRange): StreamRangeView {
  if (range.min !== null && range.max !== null && range.min > range.max) throw new UserError('sources.rangeInverted');
  setRange(ws.db, streamId, 'user', range);
  return streamRanges(ws, streamId);
}

/** Values of a stream outside its range in [from, to) µs; null when it has no range. */
export function excursionCount(ws: FieldStore, streamId: number, from: number, to: number): number | null {
  const range = effectiveRange(rangesOf(ws.db, streamId));
  return range ? countOutside(ws.db, streamId, from, to, range) : null;
}
