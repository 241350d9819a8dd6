import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBudget } from '../../../src-main/http/budget';
import { createHttpClient } from '../../../src-main/http/client';
import { VendorError } from '../../../src-main/http/errors';
import type { Discovery } from '../../../src-main/vendors/connector';
import { optiVendor } from '../../../src-main/vendors/opti';
import { listen } from '../../../src-main/simulators/common/server';
import { createOptiSimulator } from '../../../src-main/simulators/opti';
import { expectSameAsTruth, startRig, syncFeeds, truthHeld, type Cursors, type Held, type Rig } from './record-harness';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
// Small Datastream pages, so discovery follows NextPageLink; DataPoint walks do with the default page size.
const sim = createOptiSimulator(
  { seed: 7, faults: 'none', now: () => NOW, scale: 'small' },
  { ratePerSecond: 10_000, burst: 10_000, datastreamPageSize: 4 },
);
const KEY = sim.credentials.key;
let rig: Rig;
let discovery: Discovery;
/** Discovery without the stream no key may read (it fails alone, tested below). */
let readable: Discovery;

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err as VendorError,
  );

beforeAll(async () => {
  rig = await startRig(optiVendor, sim, NOW);
  discovery = await rig.connect().connector.discover();
  const truthKeys = new Set([...sim.truth()].map((t) => t.key));
  const streams = discovery.streams.filter((s) => truthKeys.has(s.key));
  readable = {
    ...discovery,
    streams,
    feeds: Object.fromEntries(streams.map((s) => [s.feed, discovery.feeds[s.feed]])),
  };
});
afterAll(async () => {
  await rig.server.close();
});

describe('Opti connector against the simulator', () => {
  it('tests the connection', async () => {
    expect(await rig.connect().connector.testConnection()).toMatch(/^\d+ data streams?$/);
  });

  it('discovers one stream per DataStream, with its sites, kinds and metadata history', () => {
    const truth = [...sim.truth()];
    // The stream no key may read is not listed either.
    expect(discovery.streams.map((s) => s.key).sort()).toEqual(truth.map((t) => t.key).sort());
    for (const t of truth) {
      const stream = discovery.streams.find((s) => s.key === t.key);
      const [first] = t.points();
      expect(stream?.kind, t.key).toBe(typeof first.value === 'string' ? 'text' : 'number');
      expect(discovery.sources.some((src) => src.ref === stream?.sourceRef)).toBe(true);
      expect(stream?.metaHistory?.length).toBeGreaterThan(0);
    }
    expect(
      discovery.streams.some((s) => (s.metaHistory?.length ?? 0) > 1),
      'a renamed stream keeps its history',
    ).toBe(true);
    expect(JSON.stringify(discovery)).not.toContain(KEY);
  });

  it('a full sync gives exactly the truth, and no cursor holds the key', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    await syncFeeds(rig.connect().connector, readable, held, cursors);
    expectSameAsTruth(held, truthHeld(sim.truth()));
    for (const cursor of cursors.values()) expect(cursor).not.toContain(KEY);
  });

  it('an incremental sync asks only for what is newer and gets the rest', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    const cut = (NOW - 86_400_000) * 1000 + 7;
    await syncFeeds(rig.connect().connector, readable, held, cursors, { to: cut });
    expectSameAsTruth(held, truthHeld(sim.truth(), -Infinity, cut));
    const before = rig.requests();
    const second = await syncFeeds(rig.connect().connector, readable, held, cursors);
    expectSameAsTruth(held, truthHeld(sim.truth()));
    // A day of 5-minute points per stream: far fewer pages than a walk over all three days.
    expect(rig.requests() - before).toBe(second.pages);
    const third = await syncFeeds(rig.connect().connector, readable, held, cursors);
    expect(third.pages).toBe(Object.keys(readable.feeds).length);
  });

  it('resumes a walk cut short without moving past what it has not read', async () => {
    const [feedId] = Object.keys(readable.feeds);
    const feed = {
      id: feedId,
      remote: readable.feeds[feedId],
      streams: readable.streams.filter((s) => s.feed === feedId),
    };
    const { connector } = rig.connect();
    const first = await connector.fetchPage({ feed, cursor: null });
    expect(first.done).toBe(false);
    const saved = JSON.parse(first.cursor ?? 'null') as {
      newestId: string | null;
      walk: { query: Record<string, string> } | null;
    };
    // Mid-walk, nothing counts as held yet: a crash here resumes the walk, never skips its older part.
    expect(saved.newestId).toBeNull();
    expect(saved.walk?.query).not.toHaveProperty('key');
    const held: Held = new Map([[feedId, new Map(first.points[feedId].map((p) => [p.ts, p.value]))]]);
    // "Restart": a new connector and client, from the saved cursor only.
    await syncFeeds(
      rig.connect().connector,
      { ...readable, feeds: { [feedId]: readable.feeds[feedId] } },
      held,
      new Map([[feedId, first.cursor]]),
    );
    const want = truthHeld([...sim.truth()].filter((t) => t.key === feedId));
    expectSameAsTruth(held, want);
  });

  it('reports the part of a backfill Opti no longer serves as lost', async () => {
    const [feedId] = Object.keys(readable.feeds);
    const feed = {
      id: feedId,
      remote: readable.feeds[feedId],
      streams: readable.streams.filter((s) => s.feed === feedId),
    };
    const from = (NOW - 10 * 86_400_000) * 1000;
    const page = await rig.connect().connector.fetchPage({ feed, cursor: null, from });
    expect(page.lost).toEqual({ from, to: (NOW - 3 * 86_400_000) * 1000 });
  });

  it('fails the one stream the key may not read (403), not the account', async () => {
    const hidden = sim.streams().find((s) => !s.visibleToAccountKey);
    expect(hidden).toBeDefined();
    const key = `opti/${hidden?.id}`;
    const remote = { dataStreamId: String(hidden?.id) };
    const err = await rejection(
      rig.connect().connector.fetchPage({
        feed: { id: key, remote, streams: [{ key, remote: { ...remote, kind: 'number' } }] },
        cursor: null,
      }),
    );
    expect(err).toBeInstanceOf(VendorError);
    expect(err.action).toBe('fail-stream');
    expect(err.status).toBe(403);
    expect(err.message).not.toContain(KEY);
  });

  it('a wrong key fails the account and is never shown', async () => {
    const wrong = 'wrong-key-123456';
    const err = await rejection(rig.connect({ key: wrong }).connector.testConnection());
    expect(err).toBeInstanceOf(VendorError);
    expect(err.action).toBe('fail-account');
    expect(err.message).not.toContain(wrong);
  });

  it('waits out 429 Retry-After and still gets every point', async () => {
    const slow = createOptiSimulator(
      { seed: 7, faults: 'none', now: () => NOW, scale: 'small' },
      { ratePerSecond: 1, burst: 2 },
    );
    const server = await listen(slow.handler);
    const throttles: number[] = [];
    try {
      const http = createHttpClient({
        policy: optiVendor.policy,
        budget: createBudget({ perMinute: 60_000 }),
        secrets: () => [KEY],
        onThrottle: (until) => throttles.push(until),
      });
      const connector = optiVendor.create({
        baseUrl: `http://127.0.0.1:${server.port}`,
        secret: { key: KEY },
        options: {},
        http,
        now: () => NOW,
      });
      const feedIds = Object.keys(readable.feeds).slice(0, 2);
      const held: Held = new Map();
      await syncFeeds(
        connector,
        { ...readable, feeds: Object.fromEntries(feedIds.map((f) => [f, readable.feeds[f]])) },
        held,
        new Map(),
      );
      expectSameAsTruth(held, truthHeld([...slow.truth()].filter((t) => feedIds.includes(t.key))));
      expect(throttles.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('a sync through throttling, server errors, resets and delays still gives exactly the truth', async () => {
    const flaky = createOptiSimulator(
      { seed: 11, faults: 'flaky', now: () => NOW, scale: 'small' },
      { ratePerSecond: 10_000, burst: 10_000 },
    );
    const flakyRig = await startRig(optiVendor, flaky, NOW);
    try {
      const found = await flakyRig.connect().connector.discover();
      const feedIds = Object.keys(found.feeds).slice(0, 3);
      const held: Held = new Map();
      await syncFeeds(
        flakyRig.connect().connector,
        { ...found, feeds: Object.fromEntries(feedIds.map((f) => [f, found.feeds[f]])) },
        held,
        new Map(),
      );
      expectSameAsTruth(held, truthHeld([...flaky.truth()].filter((t) => feedIds.includes(t.key))));
    } finally {
      await flakyRig.server.close();
    }
  });
});
