import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VendorError } from '../../../src-main/http/errors';
import type { Discovery } from '../../../src-main/vendors/connector';
import { realtimeVendor } from '../../../src-main/vendors/realtime';
import { createRealtimeSimulator } from '../../simulators/realtime';
import { expectSameAsTruth, startRig, syncFeeds, truthHeld, type Cursors, type Held, type Rig } from './record-harness';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const FROM = (NOW - 10 * 86_400_000) * 1000;
const sim = createRealtimeSimulator({ seed: 5, faults: 'none', now: () => NOW, scale: 'small' });
let rig: Rig;

beforeAll(async () => {
  rig = await startRig(realtimeVendor, sim, NOW);
});
afterAll(async () => {
  await rig.server.close();
});

describe('Realtime Online connector against the simulator', () => {
  let discovery: Discovery;

  it('tests the connection', async () => {
    expect(await rig.connect().connector.testConnection()).toMatch(/^\d+ systems?$/);
  });

  it('discovers systems (with time zones), sensors and their fields', async () => {
    discovery = await rig.connect().connector.discover();
    const systems = discovery.sources.filter((s) => s.parentRef === undefined);
    expect(systems.length).toBeGreaterThan(0);
    for (const system of systems) expect(system.timezone).toMatch(/\//);
    const keys = new Set(discovery.streams.map((s) => s.key));
    for (const t of sim.truth()) expect(keys.has(t.key), t.key).toBe(true);
    for (const s of discovery.streams) {
      expect(s.key.startsWith(`${s.feed}/`)).toBe(true);
      if (s.kind === 'enum') expect(Object.keys(s.enumLabels ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('a full sync gives exactly the truth; a second one only asks each sensor for its latest date', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    await syncFeeds(rig.connect().connector, discovery, held, cursors, { from: FROM });
    expectSameAsTruth(held, truthHeld(sim.truth(), FROM, NOW * 1000));
    const before = rig.requests();
    const again = await syncFeeds(rig.connect().connector, discovery, held, cursors);
    const feeds = Object.keys(discovery.feeds).length;
    expect(again.pages).toBe(feeds);
    expect(rig.requests() - before).toBe(feeds);
  });

  it('an unknown sensor fails its stream with the vendor words', async () => {
    const system = discovery.sources.find((s) => s.parentRef === undefined);
    const feed = { id: 'realtime/x/nope', remote: { systemId: Number(system?.ref), sensorId: 'nope' }, streams: [] };
    const err = await rig
      .connect()
      .connector.fetchPage({ feed, cursor: null, from: FROM })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-stream');
    expect((err as VendorError).message).toMatch(/Sensor does not exist or is not accessible/);
  });

  it('a wrong secret fails the account without showing it', async () => {
    const secret = { token: sim.credentials.token, secret: 'not-the-secret-42' };
    const err = await rig
      .connect(secret)
      .connector.testConnection()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-account');
    expect((err as VendorError).message).toMatch(/Realtime Online refused the API token or secret/);
    expect((err as VendorError).message).not.toContain('not-the-secret-42');
  });

  it('a wrong clock: one retry with a fresh date, then a message about the clock', async () => {
    const skewed = realtimeVendor.create({
      baseUrl: rig.baseUrl,
      secret: sim.credentials,
      options: {},
      http: rig.connect().http,
      now: () => NOW - 3600_000,
    });
    const before = rig.requests();
    const err = await skewed.testConnection().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-account');
    expect((err as VendorError).message).toMatch(/clock/);
    expect(rig.requests() - before).toBe(2);
  });
});
