import { expect } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../src-main/http/client';
import { VendorError } from '../../../src-main/http/errors';
import type { Connector, Discovery, PageRequest, Point, VendorDefinition } from '../../../src-main/vendors/connector';
import { listen, type Listening } from '../../../src-main/simulators/common/server';
import type { TruthStream, VendorSimulator } from '../../../src-main/simulators/common/types';

/**
 * Drives a connector against a simulator the way the sync engine does (discover, then page each
 * feed until done, carrying the cursor) and compares the result with the simulator's truth.
 * Points are kept per (stream, ts), first value wins, as the store's insert-or-ignore does.
 */

export interface Rig {
  baseUrl: string;
  server: Listening;
  /** Counts requests the simulator received. */
  requests: () => number;
  connect(secret?: Record<string, string>): { connector: Connector; http: HttpClient };
}

export async function startRig(vendor: VendorDefinition, sim: VendorSimulator, now: number): Promise<Rig> {
  let requests = 0;
  const server = await listen((req, res) => {
    requests++;
    return sim.handler(req, res);
  });
  const baseUrl = `http://127.0.0.1:${server.port}${sim.basePath}`;
  return {
    baseUrl,
    server,
    requests: () => requests,
    connect(secret = sim.credentials) {
      const http = createHttpClient({ policy: vendor.policy, secrets: () => Object.values(secret), baseBackoffMs: 20 });
      return { connector: vendor.create({ baseUrl, secret, options: {}, http, now: () => now }), http };
    },
  };
}

export type Held = Map<string, Map<number, number | string | null>>;
export type Cursors = Map<string, string | null>;

export interface SyncResult {
  pages: number;
  rejected: number;
}

/** Pages every feed until done, from the saved cursors; adds points to `held`. */
export async function syncFeeds(
  connector: Connector,
  discovery: Discovery,
  held: Held,
  cursors: Cursors,
  range: { from?: number; to?: number } = {},
): Promise<SyncResult> {
  const result: SyncResult = { pages: 0, rejected: 0 };
  for (const [feedId, remote] of Object.entries(discovery.feeds)) {
    const streams = discovery.streams.filter((s) => s.feed === feedId).map((s) => ({ key: s.key, remote: s.remote }));
    for (let guard = 0; ; guard++) {
      expect(guard, `feed ${feedId} never finished`).toBeLessThan(5000);
      const page = await fetchWithRetries(connector, {
        feed: { id: feedId, remote, streams },
        cursor: cursors.get(feedId) ?? null,
        ...range,
      });
      result.pages++;
      result.rejected += page.rejected ?? 0;
      for (const [key, points] of Object.entries(page.points)) {
        expect(
          streams.some((s) => s.key === key),
          `page of ${feedId} has foreign stream ${key}`,
        ).toBe(true);
        hold(held, key, points);
      }
      cursors.set(feedId, page.cursor);
      if (page.done) break;
    }
  }
  return result;
}

/** As the engine does: a page that failed with action 'retry' (a cut-off body) is asked again. */
async function fetchWithRetries(connector: Connector, req: PageRequest, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connector.fetchPage(req);
    } catch (err) {
      if (!(err instanceof VendorError) || err.action !== 'retry' || attempt >= attempts) throw err;
    }
  }
}

function hold(held: Held, key: string, points: Point[]): void {
  let byTs = held.get(key);
  if (!byTs) held.set(key, (byTs = new Map()));
  for (const p of points) {
    expect(Number.isInteger(p.ts), `${key}: ts ${p.ts} is not integer µs`).toBe(true);
    if (!byTs.has(p.ts)) byTs.set(p.ts, p.value);
  }
}

/** Truth as the store would hold it: per key, ts → first value, for points in [from, to). */
export function truthHeld(truth: Iterable<TruthStream>, from = -Infinity, to = Infinity): Held {
  const held: Held = new Map();
  for (const stream of truth) {
    const byTs = new Map<number, number | string | null>();
    for (const p of stream.points()) if (p.ts >= from && p.ts < to && !byTs.has(p.ts)) byTs.set(p.ts, p.value);
    held.set(stream.key, byTs);
  }
  return held;
}

/** Every truth point is held with its value, and nothing else is held. */
export function expectSameAsTruth(held: Held, expected: Held): void {
  const total = [...expected.values()].reduce((n, m) => n + m.size, 0);
  expect(total, 'the truth has no points: the test would prove nothing').toBeGreaterThan(0);
  expect([...held.keys()].filter((k) => (held.get(k)?.size ?? 0) > 0).sort()).toEqual(
    [...expected.keys()].filter((k) => (expected.get(k)?.size ?? 0) > 0).sort(),
  );
  for (const [key, want] of expected) {
    const got = held.get(key) ?? new Map();
    const missing = [...want.keys()].filter((ts) => !got.has(ts));
    const extra = [...got.keys()].filter((ts) => !want.has(ts));
    expect({
      key,
      missing: missing.slice(0, 5),
      missingCount: missing.length,
      extra: extra.slice(0, 5),
      extraCount: extra.length,
    }).toEqual({
      key,
      missing: [],
      missingCount: 0,
      extra: [],
      extraCount: 0,
    });
    const wrong = [...want]
      .filter(([ts, value]) => got.get(ts) !== value)
      .map(([ts, value]) => ({ ts, want: value, got: got.get(ts) }));
    expect(wrong.slice(0, 5), `${key}: ${wrong.length} values differ`).toEqual([]);
  }
}
