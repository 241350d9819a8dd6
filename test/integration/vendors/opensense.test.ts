import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VendorError } from '../../../src-main/http/errors';
import type { Discovery } from '../../../src-main/vendors/connector';
import { opensenseVendor } from '../../../src-main/vendors/opensense';
import { createOpensenseReports } from '../../../src-main/vendors/opensense/reports';
import { createOpensenseSimulator } from '../../../src-main/simulators/opensense';
import { expectSameAsTruth, startRig, syncFeeds, truthHeld, type Cursors, type Held, type Rig } from './record-harness';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const FROM = (NOW - 10 * 86_400_000) * 1000;
const sim = createOpensenseSimulator(
  { seed: 3, faults: 'none', now: () => NOW, scale: 'small' },
  { reportDelayMs: 50 },
);
let rig: Rig;

beforeAll(async () => {
  rig = await startRig(opensenseVendor, sim, NOW);
});
afterAll(async () => {
  await rig.server.close();
});

describe('OpenSense connector against the simulator', () => {
  let discovery: Discovery;

  it('tests the connection', async () => {
    expect(await rig.connect().connector.testConnection()).toMatch(/^\d+\+? sites?$/);
  });

  it('discovers sites, devices and one stream per channel', async () => {
    discovery = await rig.connect().connector.discover();
    expect(discovery.streams.map((s) => s.key).sort()).toEqual([...sim.truth()].map((t) => t.key).sort());
    const refs = new Set(discovery.sources.map((s) => s.ref));
    for (const source of discovery.sources) if (source.parentRef) expect(refs.has(source.parentRef)).toBe(true);
    for (const stream of discovery.streams) {
      expect(refs.has(stream.sourceRef)).toBe(true);
      expect(stream.meta).toHaveProperty('okMin');
    }
  });

  it('a full sync gives exactly the truth, to the microsecond', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    await syncFeeds(rig.connect().connector, discovery, held, cursors, { from: FROM });
    const expected = truthHeld(sim.truth(), FROM, NOW * 1000);
    expectSameAsTruth(held, expected);
    const subMillisecond = [...expected.values()].some((m) => [...m.keys()].some((ts) => ts % 1000 !== 0));
    expect(subMillisecond, 'the simulator should give sub-millisecond times').toBe(true);
  });

  it('an incremental sync picks up from last + 1 µs', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    const cut = (NOW - 86_400_000) * 1000 + 123;
    await syncFeeds(rig.connect().connector, discovery, held, cursors, { from: FROM, to: cut });
    expectSameAsTruth(held, truthHeld(sim.truth(), FROM, cut));
    await syncFeeds(rig.connect().connector, discovery, held, cursors);
    expectSameAsTruth(held, truthHeld(sim.truth(), FROM, NOW * 1000));
  });

  it('an unknown channel fails its stream with the code and request id', async () => {
    const feed = {
      id: 'opensense/chn_nope',
      remote: { channelId: 'chn_nope' },
      streams: [{ key: 'opensense/chn_nope', remote: {} }],
    };
    const err = await rig
      .connect()
      .connector.fetchPage({ feed, cursor: null, from: FROM })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-stream');
    expect((err as VendorError).message).toMatch(/channel_not_found: .*\(request req_/);
  });

  it('a bad token fails the account; a device token is named as the wrong kind', async () => {
    const bad = await rig
      .connect({ token: 'ua_live_nope' })
      .connector.testConnection()
      .catch((e: unknown) => e);
    expect((bad as VendorError).action).toBe('fail-account');
    const deviceToken = Object.values(sim.deviceTokens)[0];
    const wrongKind = await rig
      .connect({ token: deviceToken })
      .connector.testConnection()
      .catch((e: unknown) => e);
    expect((wrongKind as VendorError).action).toBe('fail-account');
    expect((wrongKind as VendorError).message).toMatch(/token of the wrong kind \(need a ua_live_ user token\)/);
    expect((wrongKind as VendorError).message).not.toContain(deviceToken);
  });

  it('the secret schema refuses device tokens up front', () => {
    expect(opensenseVendor.secretSchema.safeParse({ token: 'ds_live_abc' }).success).toBe(false);
    expect(opensenseVendor.secretSchema.safeParse(sim.credentials).success).toBe(true);
  });
});

describe('OpenSense reports', () => {
  it('orders a report, polls it until ready and downloads the PDF', async () => {
    const { http } = rig.connect();
    const ctx = { baseUrl: rig.baseUrl, secret: sim.credentials, options: {}, http, now: () => NOW };
    const reports = createOpensenseReports(ctx);
    const site = (await opensenseVendor.create(ctx).discover()).sources.find((s) => s.parentRef === undefined);
    const id = await reports.requestReport({
      siteId: String(site?.ref),
      template: 'monthly_summary',
      from: '2026-05-01',
      to: '2026-05-16',
      language: 'en',
    });
    expect(id).toMatch(/^rpt_/);
    let status = await reports.pollReport(id);
    for (let i = 0; i < 50 && !status.ready; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = await reports.pollReport(id);
    }
    expect(status).toMatchObject({ id, ready: true, failed: false });
    const file = await http.request({ url: reports.reportFileUrl(id), headers: reports.reportFileHeaders() });
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('OpenSense with a flaky API', () => {
  it('retries through 5xx, resets and 429 Retry-After and still gets exactly the truth', async () => {
    const flaky = createOpensenseSimulator({ seed: 9, faults: 'flaky', now: () => NOW, scale: 'small' });
    const flakyRig = await startRig(opensenseVendor, flaky, NOW);
    try {
      const { connector } = flakyRig.connect();
      const held: Held = new Map();
      await syncFeeds(connector, await connector.discover(), held, new Map(), { from: FROM });
      expectSameAsTruth(held, truthHeld(flaky.truth(), FROM, NOW * 1000));
    } finally {
      await flakyRig.server.close();
    }
  });
});
