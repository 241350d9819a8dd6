import { join } from 'node:path';
import { expect } from 'vitest';
import { vendorIds, type VendorId } from '../../../src-main/model';
import { addAccount } from '../../../src-main/accounts';
import { openWorkspace, type Workspace } from '../../../src-main/workspace';
import { listAccounts, listStreams } from '../../../src-main/store/catalog';
import { pointsInRange } from '../../../src-main/store/points';
import { syncAccount, type AccountSyncResult } from '../../../src-main/sync/engine';
import { PLAUSIBLE_TS } from '../../../src-main/sync/persist';
import type { Simulators } from '../../../src-main/simulators';
import { memoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/tmp';
import { digest } from '../../helpers/workspace';

export const NOW = Date.parse('2026-11-20T12:00:00Z');

/**
 * A seed whose first 150 requests per simulator draw no injected 429: hostile 429s carry absurd
 * Retry-Afters, which the client rightly replaces with a 30–60 s wait. Those are proven in http.test.ts
 * with short waits; here every other hostile fault still comes (values, times, 60 MB body, 5xx, resets).
 */
export const CALM_SEED = 3380;
const DAY_US = 86_400_000_000;

/**
 * Where each first sync starts: 40 days back covers every small history; Realtime (30 requests a
 * minute, 31-day windows) starts 4 days back, which still covers its 3-day small history.
 */
export const BACKFILL_FROM: Record<VendorId, number> = {
  opti: NOW * 1000 - 40 * DAY_US,
  opticloud: NOW * 1000 - 40 * DAY_US,
  opendatasoft: NOW * 1000 - 40 * DAY_US,
  realtime: NOW * 1000 - 4 * DAY_US,
  opensense: NOW * 1000 - 40 * DAY_US,
};

/** A workspace (in-memory vault) with one account per vendor on the given simulators. */
export function hostileWorkspace(sims: Simulators): Workspace {
  const ws = openWorkspace(join(tempDir(), 'ws'), { vault: memoryVault(), now: () => NOW });
  for (const vendor of vendorIds)
    addAccount(ws, { vendor, name: vendor, baseUrl: sims.baseUrls[vendor], secret: sims.credentials[vendor] });
  return ws;
}

/** Every account synced at once, each from its backfill start, against the base URLs given. */
export async function syncAll(
  ws: Workspace,
  baseUrls?: Record<VendorId, string>,
  to?: number,
): Promise<AccountSyncResult[]> {
  const accounts = listAccounts(ws.db).map((a) => (baseUrls ? { ...a, baseUrl: baseUrls[a.vendor] } : a));
  return Promise.all(accounts.map((a) => syncAccount(ws, a, { from: BACKFILL_FROM[a.vendor], to })));
}

/** What a hostile sync may end as: finished, with every failure saying which feed and why. */
export function expectFinishedWithClearErrors(results: AccountSyncResult[]): void {
  for (const r of results) {
    expect(['ok', 'partial'], `${r.accountName}: ${r.state} ${r.error}`).toContain(r.state);
    for (const f of r.failures) {
      expect(f.keys.length, `${r.accountName} ${f.feed}`).toBeGreaterThan(0);
      expect(f.message.length, `${r.accountName} ${f.feed}`).toBeGreaterThan(10);
      expect(f.message).not.toMatch(/undefined|\[object Object\]|at .*\.ts:\d+/);
    }
  }
}

/** The store holds only plausible points: finite numbers in number streams, times from 1970 to 2100. */
export function expectOnlyPlausiblePoints(ws: Workspace): void {
  for (const s of listStreams(ws.db)) {
    for (const p of pointsInRange(ws.db, s.id)) {
      if (!(p.ts >= PLAUSIBLE_TS.from && p.ts < PLAUSIBLE_TS.to && Number.isInteger(p.ts)))
        expect.fail(`${s.key}: implausible time ${p.ts}`);
      if (
        s.kind === 'number' &&
        !(typeof p.value === 'number' && Number.isFinite(p.value) && Math.abs(p.value) <= 1e300)
      )
        expect.fail(`${s.key}: non-numeric or absurd value ${String(p.value)} at ${p.ts}`);
    }
  }
}

/** Digest of every stream's points before `to` (µs). */
export function storedDigests(ws: Workspace, to: number): Map<string, ReturnType<typeof digest>> {
  return new Map(
    listStreams(ws.db).map((s) => [s.key, digest(pointsInRange(ws.db, s.id, Number.MIN_SAFE_INTEGER, to))]),
  );
}
