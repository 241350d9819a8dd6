import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VendorError } from '../../../src-main/http/errors';
import { createHttpClient } from '../../../src-main/http/client';
import type { Discovery } from '../../../src-main/vendors/connector';
import { realtimeVendor } from '../../../src-main/vendors/realtime';
import { listen, readBody, sendJson } from '../../../src-main/simulators/common/server';
import { createRealtimeSimulator } from '../../../src-main/simulators/realtime';
import { latestRecordDate, organisation, sensorRecords } from '../../../src-main/simulators/realtime/systems';
import { expectSameAsTruth, startRig, syncFeeds, truthHeld, type Cursors, type Held, type Rig } from './record-harness';

// Seven and a half minutes into a 15-minute pulse window: status records newer than latest_record_date exist.
const NOW = Date.UTC(2026, 4, 17, 12, 7, 30);
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

  it('the simulator holds status records after latest_record_date (the earlier of last transmission and window end)', () => {
    const sensors = organisation(5, 'small', NOW, () => NOW).flatMap((s) => s.sensors);
    const newer = sensors.filter((sensor) => {
      const latest = latestRecordDate(sensor);
      return latest !== null && sensorRecords(sensor, latest + 1, NOW).next().done === false;
    });
    expect(newer.length).toBeGreaterThan(0);
  });

  it('a full sync gives exactly the truth, newest records included; a second one asks nothing more', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    await syncFeeds(rig.connect().connector, discovery, held, cursors, { from: FROM });
    expectSameAsTruth(held, truthHeld(sim.truth(), FROM, NOW * 1000));
    const before = rig.requests();
    const again = await syncFeeds(rig.connect().connector, discovery, held, cursors);
    const feeds = Object.keys(discovery.feeds).length;
    expect(again.pages).toBe(feeds);
    expect(rig.requests() - before).toBeLessThanOrEqual(feeds);
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

describe('Realtime Online 413', () => {
  it('splits the window until the answer fits', async () => {
    const DAY_US = 86_400_000_000;
    const latestUs = NOW * 1000 - DAY_US;
    const windows: number[] = [];
    // A server that refuses any window over two days, as a server with a payload cap might.
    const server = await listen(async (req, res) => {
      const body = JSON.parse(String((await readBody(req)) ?? '{}')) as {
        action: string;
        systems: { system_id: number; sensors: { sensor_id: string; start_date?: string; end_date?: string }[] }[];
      };
      const sensor = body.systems[0].sensors[0];
      if (body.action === 'getLatestRecordDate')
        return sendJson(res, 200, {
          status: 200,
          systems: [
            {
              system_id: 1,
              sensors: [{ sensor_id: 's', latest_record_date: new Date(latestUs / 1000).toISOString() }],
            },
          ],
        });
      const start = Date.parse(String(sensor.start_date));
      const end = Date.parse(String(sensor.end_date));
      windows.push(end - start);
      if (end - start > 2 * 86_400_000) return sendJson(res, 413, { status: 413, message: 'Payload Too Large' });
      const record = { record_date: new Date(start + 3600_000).toISOString(), values: { t: 1.5 } };
      return sendJson(res, 200, {
        status: 200,
        systems: [{ system_id: 1, sensors: [{ sensor_id: 's', data: [record] }] }],
      });
    });
    try {
      const connector = realtimeVendor.create({
        baseUrl: `http://127.0.0.1:${server.port}`,
        secret: { token: 't', secret: 's' },
        options: {},
        http: createHttpClient({ policy: realtimeVendor.policy }),
        now: () => NOW,
      });
      const from = NOW * 1000 - 10 * DAY_US;
      const page = await connector.fetchPage({
        feed: {
          id: 'realtime/1/s',
          remote: { systemId: 1, sensorId: 's' },
          streams: [{ key: 'realtime/1/s/t', remote: { field: 't' } }],
        },
        cursor: null,
        from,
      });
      // The window starts at what is left up to now (10 d, past the latest record date), then halves: 5 d, 2.5 d, 1.25 d (+ margins).
      expect(windows.map((ms) => Math.round(ms / 3600_000))).toEqual([240, 120, 60, 30]);
      expect(page.points['realtime/1/s/t']).toHaveLength(1);
      expect(JSON.parse(String(page.cursor))).toEqual({ next: from + 1.25 * DAY_US, latest: latestUs });
      expect(page.done).toBe(false);
    } finally {
      await server.close();
    }
  });
});
