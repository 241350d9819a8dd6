import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrottledError, VendorError } from '../../../src-main/http/errors';
import type { Discovery } from '../../../src-main/vendors/connector';
import { opendatasoftVendor } from '../../../src-main/vendors/opendatasoft';
import { createOpendatasoftSimulator } from '../../../src-main/simulators/opendatasoft';
import { expectSameAsTruth, startRig, syncFeeds, truthHeld, type Cursors, type Held, type Rig } from './record-harness';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const sim = createOpendatasoftSimulator({ seed: 11, faults: 'none', now: () => NOW, scale: 'small' });
let rig: Rig;

beforeAll(async () => {
  rig = await startRig(opendatasoftVendor, sim, NOW);
});
afterAll(async () => {
  await rig.server.close();
});

describe('OpenDataSoft connector against the simulator', () => {
  let discovery: Discovery;

  it('tests the connection with the key and without one', async () => {
    expect(await rig.connect().connector.testConnection()).toMatch(/^\d+ datasets?$/);
    expect(await rig.connect({}).connector.testConnection()).toMatch(/public access, no API key/);
  });

  it('discovers datasets, their fields per series, and which cannot be synced', async () => {
    discovery = await rig.connect().connector.discover();
    const truthKeys = [...sim.truth()].map((t) => t.key).sort();
    expect(discovery.streams.map((s) => s.key).sort()).toEqual(truthKeys);
    for (const s of discovery.streams) {
      expect(['number', 'text']).toContain(s.kind);
      expect(discovery.feeds[s.feed]).toBeDefined();
    }
    const unsyncable = discovery.sources.filter((s) => s.meta?.syncable === false);
    for (const source of unsyncable) expect(String(source.meta?.reason)).not.toBe('');
  });

  it('a full sync (export pages) gives exactly the truth', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    const full = await syncFeeds(rig.connect().connector, discovery, held, cursors);
    expectSameAsTruth(held, truthHeld(sim.truth(), -Infinity, NOW * 1000));
    expect(full.rejected).toBeGreaterThan(0); // the simulator's gaps (null values) are counted
    // Nothing new: a second sync adds nothing and every feed is done at once.
    const again = await syncFeeds(rig.connect().connector, discovery, held, cursors);
    expect(again.pages).toBe(Object.keys(discovery.feeds).length);
  });

  it('an incremental sync (records pages, offset windows) continues where the first one stopped', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    const cut = (NOW - 2 * 86_400_000) * 1000;
    await syncFeeds(rig.connect().connector, discovery, held, cursors, { to: cut });
    expectSameAsTruth(held, truthHeld(sim.truth(), -Infinity, cut));
    for (const cursor of cursors.values()) if (cursor) expect(JSON.parse(cursor).bulk).toBeUndefined();
    const incremental = await syncFeeds(rig.connect().connector, discovery, held, cursors);
    expect(incremental.pages).toBeGreaterThan(Object.keys(discovery.feeds).length); // several 100-record pages
    expectSameAsTruth(held, truthHeld(sim.truth(), -Infinity, NOW * 1000));
  });

  it('a wrong API key fails the account with a clear message and no secret', async () => {
    const { connector } = rig.connect({ apikey: 'wrong-key-123456' });
    const err = await connector.testConnection().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-account');
    expect((err as VendorError).message).toMatch(/OpenDataSoft refused the API key/);
    expect((err as VendorError).message).not.toContain('wrong-key-123456');
  });
});

describe('OpenDataSoft daily quota', () => {
  it('stops at X-RateLimit-Remaining 0 and says until when, without spending another call', async () => {
    const quotaSim = createOpendatasoftSimulator(
      { seed: 11, faults: 'none', now: () => NOW, scale: 'small' },
      { dailyQuota: 2 },
    );
    const quotaRig = await startRig(opendatasoftVendor, quotaSim, NOW);
    try {
      const { connector } = quotaRig.connect();
      await connector.testConnection();
      await connector.testConnection(); // answers with Remaining: 0
      const before = quotaRig.requests();
      const err = await connector.testConnection().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ThrottledError);
      expect((err as ThrottledError).message).toMatch(/throttled until \d{4}-\d{2}-\d{2}T00:00:00\.000Z/);
      expect(quotaRig.requests()).toBe(before);
    } finally {
      await quotaRig.server.close();
    }
  });

  it('a 429 with reset_time becomes "throttled until" that time', async () => {
    const quotaSim = createOpendatasoftSimulator(
      { seed: 11, faults: 'none', now: () => NOW, scale: 'small' },
      { dailyQuota: 0 },
    );
    const quotaRig = await startRig(opendatasoftVendor, quotaSim, NOW);
    try {
      const err = await quotaRig
        .connect()
        .connector.testConnection()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ThrottledError);
      expect((err as ThrottledError).message).toMatch(
        /OpenDataSoft request quota exceeded \(429 1000\d: .*\): throttled until/,
      );
    } finally {
      await quotaRig.server.close();
    }
  });
});

describe('OpenDataSoft with a flaky portal', () => {
  it('retries through 5xx, resets and throttling and still gets exactly the truth', async () => {
    const flaky = createOpendatasoftSimulator({ seed: 9, faults: 'flaky', now: () => NOW, scale: 'small' });
    const flakyRig = await startRig(opendatasoftVendor, flaky, NOW);
    try {
      const { connector } = flakyRig.connect();
      const held: Held = new Map();
      await syncFeeds(connector, await connector.discover(), held, new Map());
      expectSameAsTruth(held, truthHeld(flaky.truth(), -Infinity, NOW * 1000));
    } finally {
      await flakyRig.server.close();
    }
  });
});
