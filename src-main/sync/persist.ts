import type { Db } from '../store/db';
import {
  listStreams,
  markUnreported,
  recordMetaVersion,
  upsertSource,
  upsertStream,
  writeCursor,
  type AccountRow,
} from '../store/catalog';
import type { Point } from '../model';
import { insertPoints } from '../store/points';
import { addCollisions } from '../store/selection';
import { saveDetectedSeriesFields } from '../store/series';
import { recordGap, recordStreamSuccess } from '../store/status';
import { insertEvents } from '../store/events';
import { setRange } from '../store/ranges';
import { addRejected, recordContact, recordSourceFacts, sourceIdByRef } from '../store/sources';
import type { Discovery, EventPage, Page } from '../vendors/connector';
import { findHoles } from './gaps';

export interface PersistedDiscovery {
  /** Source ref → source id. */
  sourceIds: Map<string, number>;
  /** Stream key → stream id. */
  streamIds: Map<string, number>;
  /** Streams whose metadata gained a version in this discovery (e.g. a renamed Opti stream). */
  metadataChanged: string[];
  unreported: number;
}

/**
 * Writes a discovery in one transaction: sources (parents first), streams, metadata versions, vanished
 * streams. A stream seen for the first time is selected when `selectNew` (the account's rule) says so.
 * `scope: 'sources'`: the discovery covers only its own sources (one dataset picked from a catalog
 * search), so only their streams can have vanished.
 */
export function persistDiscovery(
  db: Db,
  account: AccountRow,
  d: Discovery,
  now: number,
  selectNew: boolean,
  scope: 'account' | 'sources' = 'account',
): PersistedDiscovery {
  return db.transaction(() => {
    const sourceIds = new Map<string, number>();
    const pending = [...d.sources];
    // Parents before children, whatever order the vendor listed them in.
    while (pending.length > 0) {
      const ready = pending.findIndex(
        (s) => !s.parentRef || sourceIds.has(s.parentRef) || !pending.some((p) => p.ref === s.parentRef),
      );
      const [s] = pending.splice(ready === -1 ? 0 : ready, 1);
      sourceIds.set(
        s.ref,
        upsertSource(db, {
          accountId: account.id,
          vendorRef: s.ref,
          parentId: s.parentRef ? (sourceIds.get(s.parentRef) ?? null) : null,
          name: s.name,
          timezone: s.timezone ?? null,
          meta: s.meta ?? {},
        }),
      );
      recordSourceFacts(db, sourceIds.get(s.ref) as number, {
        info: s.info ?? {},
        location: s.location ?? null,
        lastContact: s.lastContact ?? null,
        online: s.online ?? null,
      });
    }
    const streamIds = new Map<string, number>();
    const metadataChanged: string[] = [];
    const known = new Map(listStreams(db, { accountId: account.id }).map((s) => [s.key, s.selected]));
    for (const s of d.streams) {
      const id = upsertStream(
        db,
        {
          key: s.key,
          vendor: account.vendor,
          accountId: account.id,
          sourceId: sourceIds.get(s.sourceRef) ?? null,
          name: s.name,
          unit: s.unit,
          kind: s.kind,
          enumLabels: s.enumLabels ?? null,
          meta: {
            ...s.meta,
            remote: s.remote,
            feed: s.feed,
            ...(s.estimatedPoints === undefined ? {} : { estimatedPoints: s.estimatedPoints }),
          },
          selectedIfNew: inheritedSelection(known, s.key) ?? selectNew,
        },
        now,
      );
      streamIds.set(s.key, id);
      setRange(db, id, 'vendor', s.range ?? { min: null, max: null });
      let added = 0;
      for (const v of s.metaHistory ?? []) if (recordMetaVersion(db, id, v, now)) added++;
      // The first sync records the history it finds; a version appearing later is a change.
      if (added > 0 && (s.metaHistory?.length ?? 0) > added) metadataChanged.push(s.key);
    }
    for (const [ref, series] of Object.entries(d.detectedSeries ?? {}))
      saveDetectedSeriesFields(db, account.id, ref, series.signature, series.fields);
    const unreported = markUnreported(
      db,
      account.id,
      d.streams.map((s) => s.key),
      scope === 'sources' ? new Set(sourceIds.values()) : undefined,
    );
    return { sourceIds, streamIds, metadataChanged, unreported };
  })();
}

/**
 * A new stream that splits a known one into series (`…/no2` → `…/no2/Gerland`) keeps the choice made
 * for it; null when no known stream's key is a prefix of this one.
 */
function inheritedSelection(known: ReadonlyMap<string, boolean>, key: string): boolean | null {
  if (known.has(key)) return null;
  for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1)) {
    const selected = known.get(key.slice(0, cut));
    if (selected !== undefined) return selected;
  }
  return null;
}

/** Where a page's side facts go: the account its source refs belong to, and each stream's source. */
export interface PageTarget {
  accountId: string;
  streamIds: ReadonlyMap<string, number>;
  /** Stream id → source id, for rejected values. */
  sourceOf: ReadonlyMap<number, number | null>;
}

export interface PageOutcome {
  added: number;
  holes: number;
  /** Values the connector could not read plus points refused here as implausible. */
  rejected: number;
}

/** The times a point may have: 1970-01-01 to 2100-01-01 UTC, µs. Outside is a vendor's bug (1901, 2999). */
export const PLAUSIBLE_TS = { from: 0, to: Date.UTC(2100, 0, 1) * 1000 } as const;
/** Larger magnitudes are overflow sentinels (1e308, DBL_MAX), not measurements; sums over them overflow. */
export const PLAUSIBLE_MAGNITUDE = 1e300;

/** Whether a point may be stored: an integer time in the plausible window; a number finite and of sane size. */
export function isPlausiblePoint(p: Point): boolean {
  if (!Number.isSafeInteger(p.ts) || p.ts < PLAUSIBLE_TS.from || p.ts >= PLAUSIBLE_TS.to) return false;
  return typeof p.value !== 'number' || (Number.isFinite(p.value) && Math.abs(p.value) <= PLAUSIBLE_MAGNITUDE);
}

/**
 * A page of points and the cursor after it commit together (DESIGN.md convention 4): a crash before
 * the commit repeats the page, and duplicate inserts are ignored, so nothing is lost or doubled.
 */
export function persistPage(
  db: Db,
  page: Page,
  target: PageTarget,
  cursorScope: string,
  lastTsByStream: Map<number, number | null>,
  now: number,
): PageOutcome {
  return db.transaction(() => {
    let added = 0;
    let holes = 0;
    let rejected = page.rejected ?? 0;
    // A feed's unreadable values are its source's (a feed is one source's record or stream).
    const feedSource = [...target.streamIds.values()].map((id) => target.sourceOf.get(id)).find((s) => s != null);
    if (feedSource != null) addRejected(db, feedSource, rejected);
    if (page.contact) {
      const source = sourceIdByRef(db, target.accountId, page.contact.sourceRef);
      if (source !== undefined) recordContact(db, source, page.contact.at);
    }
    for (const [key, all] of Object.entries(page.points)) {
      const id = target.streamIds.get(key);
      if (id === undefined) continue;
      // Connectors map what they can read; the store still never takes an absurd time or value.
      const points = all.every(isPlausiblePoint) ? all : all.filter(isPlausiblePoint);
      rejected += all.length - points.length;
      const source = target.sourceOf.get(id);
      if (source != null) addRejected(db, source, all.length - points.length);
      if (points.length === 0) continue;
      const sorted = points.every((p, i) => i === 0 || points[i - 1].ts < p.ts)
        ? points
        : [...points].sort((a, b) => a.ts - b.ts);
      const n = insertPoints(db, id, sorted);
      added += n;
      const ts = sorted.map((p) => p.ts);
      const previous = lastTsByStream.get(id) ?? null;
      if (previous === null || ts[0] > previous) {
        for (const h of findHoles(ts, previous)) {
          recordGap(db, id, { ...h, reason: 'The vendor has no data for this interval.' });
          holes++;
        }
      }
      lastTsByStream.set(id, Math.max(previous ?? -Infinity, ts[ts.length - 1]));
      recordStreamSuccess(db, id, n, ts[0], ts[ts.length - 1], now);
      if (page.lost)
        recordGap(db, id, { ...page.lost, reason: 'Lost for good: the vendor no longer serves this interval.' });
    }
    for (const [key, n] of Object.entries(page.collisions ?? {})) {
      const id = target.streamIds.get(key);
      if (id !== undefined && n > 0) addCollisions(db, id, n);
    }
    if (page.cursor !== null) writeCursor(db, cursorScope, page.cursor, now);
    return { added, holes, rejected };
  })();
}

/**
 * A page of a device's events and the cursor after it commit together, like points; the newest
 * event is the device's last contact.
 */
export function persistEvents(db: Db, sourceId: number, page: EventPage, cursorScope: string, now: number): number {
  return db.transaction(() => {
    const added = insertEvents(db, sourceId, page.events);
    if (page.events.length > 0) recordContact(db, sourceId, Math.max(...page.events.map((e) => e.ts)));
    if (page.cursor !== null) writeCursor(db, cursorScope, page.cursor, now);
    return added;
  })();
}
