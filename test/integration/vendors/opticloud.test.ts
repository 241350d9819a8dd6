import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src-main/http/client';
import { VendorError } from '../../../src-main/http/errors';
import type { Discovery } from '../../../src-main/vendors/connector';
import { opticloudVendor, type OpticloudConnector } from '../../../src-main/vendors/opticloud';
import { listen } from '../../../src-main/simulators/common/server';
import { createOpticloudSimulator } from '../../../src-main/simulators/opticloud';
import { expectSameAsTruth, startRig, syncFeeds, truthHeld, type Cursors, type Held, type Rig } from './record-harness';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const sim = createOpticloudSimulator({ seed: 7, faults: 'none', now: () => NOW, scale: 'small' });
const { username, password, tenant } = sim.credentials;
let rig: Rig;
let discovery: Discovery;

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err as VendorError,
  );
const connectCloud = (secret?: Record<string, string>) => rig.connect(secret).connector as OpticloudConnector;

beforeAll(async () => {
  rig = await startRig(opticloudVendor, sim, NOW);
  discovery = await connectCloud().discover();
});
afterAll(async () => {
  await rig.server.close();
});

describe('optiCLOUD connector against the simulator', () => {
  it('logs in to the named tenant and tests the connection', async () => {
    expect(await connectCloud().testConnection()).toMatch(/^\d+ devices?$/);
  });

  it('discovers one source per device and one stream per telemetry key, text where values are words', () => {
    const truth = [...sim.truth()];
    expect(discovery.streams.map((s) => s.key).sort()).toEqual(truth.map((t) => t.key).sort());
    for (const t of truth) {
      const [first] = t.points();
      expect(discovery.streams.find((s) => s.key === t.key)?.kind, t.key).toBe(
        typeof first.value === 'string' ? 'text' : 'number',
      );
    }
    expect(Object.keys(discovery.feeds).sort()).toEqual(discovery.sources.map((s) => `opticloud/${s.ref}`).sort());
  });

  it('a full sync gives exactly the truth; cursors hold no secret', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    await syncFeeds(connectCloud(), discovery, held, cursors);
    expectSameAsTruth(held, truthHeld(sim.truth()));
    for (const cursor of cursors.values()) {
      expect(cursor).not.toContain(password);
      expect(cursor).not.toMatch(/eyJ/); // no JWT
    }
  });

  it('an incremental sync continues from the last millisecond held', async () => {
    const held: Held = new Map();
    const cursors: Cursors = new Map();
    const cut = (NOW - 10 * 86_400_000) * 1000 + 500;
    await syncFeeds(connectCloud(), discovery, held, cursors, { to: cut });
    expectSameAsTruth(held, truthHeld(sim.truth(), -Infinity, cut));
    await syncFeeds(connectCloud(), discovery, held, cursors);
    expectSameAsTruth(held, truthHeld(sim.truth()));
  });

  it('logs in again, once, when the token expires mid-sync', async () => {
    let logins = 0;
    const server = await listen((req, res) => {
      if (req.url?.startsWith('/api/auth/login')) logins++;
      return sim.handler(req, res);
    });
    try {
      const http = createHttpClient({ policy: opticloudVendor.policy });
      const connector = opticloudVendor.create({
        baseUrl: `http://127.0.0.1:${server.port}`,
        secret: sim.credentials,
        options: {},
        http,
        now: () => NOW,
      });
      const [feedId] = Object.keys(discovery.feeds);
      const feed = {
        id: feedId,
        remote: discovery.feeds[feedId],
        streams: discovery.streams.filter((s) => s.feed === feedId),
      };
      const first = await connector.fetchPage({ feed, cursor: null });
      expect(logins).toBe(1);
      sim.expireTokens();
      // Two requests meet the expired token together; they share one new login.
      const [a, b] = await Promise.all([
        connector.fetchPage({ feed, cursor: first.cursor }),
        connector.testConnection(),
      ]);
      expect(a.cursor).not.toBe(first.cursor);
      expect(b).toMatch(/devices?$/);
      expect(logins).toBe(2);
      await http.close();
    } finally {
      await server.close();
    }
  });

  it('a wrong password fails the account without showing it', async () => {
    const wrong = 'not-the-password-42';
    const err = await rejection(connectCloud({ username, password: wrong, tenant }).testConnection());
    expect(err).toBeInstanceOf(VendorError);
    expect(err.action).toBe('fail-account');
    expect(err.message).not.toContain(wrong);
  });

  it('an unknown tenant fails the account, naming the tenants there are', async () => {
    const err = await rejection(connectCloud({ username, password, tenant: 'Nobody' }).testConnection());
    expect(err.action).toBe('fail-account');
    expect(err.message).toContain(`"${tenant}"`);
    expect(err.message).not.toContain(password);
  });

  it('lists a device’s files from both lists, asks the device for its list, and downloads', async () => {
    const connector = connectCloud();
    const deviceId = discovery.sources[0].ref;
    const files = await connector.files.list(deviceId, NOW - 40 * 86_400_000, NOW);
    const expected = sim.files(deviceId);
    expect(files.map((f) => f.name).sort()).toEqual(expected.map((f) => f.name).sort());
    for (const file of files)
      expect(file.status, file.name).toBe(expected.find((e) => e.name === file.name)?.currentStatus);

    const onDeviceOnly = files.find((f) => f.status === 0 && f.startTs !== null);
    expect(onDeviceOnly).toBeDefined();
    const startMs = (onDeviceOnly?.startTs ?? 0) / 1000;
    await connector.files.requestFromDevice?.(deviceId, startMs, startMs + 1000);
    sim.connectDevice(deviceId);
    const after = await connector.files.list(deviceId, NOW - 40 * 86_400_000, NOW);
    expect(after.find((f) => f.name === onDeviceOnly?.name)?.status).toBe(1);

    const onServer = files.find((f) => f.status === 2 || f.status === 3);
    expect(onServer).toBeDefined();
    if (!onServer) return;
    const http = createHttpClient({ policy: opticloudVendor.policy });
    const download = await connector.files.downloadRequest(deviceId, [onServer.name]);
    const res = await http.stream(download);
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(sim.fileBytes(deviceId, onServer.name))).toBe(true);
    await http.close();
  });

  it('refuses the hostile file list (entity bomb, external entity) rather than expanding it', async () => {
    const hostile = createOpticloudSimulator({ seed: 7, faults: 'hostile', now: () => NOW, scale: 'small' });
    const server = await listen(hostile.handler);
    const deviceId = discovery.sources[0].ref;
    try {
      let outcome = '';
      // Hostile also throttles (some Retry-Afters absurd) and fails at random: a fresh client per try.
      for (let attempt = 0; attempt < 20 && !/DOCTYPE/.test(outcome); attempt++) {
        const http = createHttpClient({ policy: opticloudVendor.policy, baseBackoffMs: 10, maxThrottleWaitMs: 4000 });
        const connector = opticloudVendor.create({
          baseUrl: `http://127.0.0.1:${server.port}`,
          secret: hostile.credentials,
          options: {},
          http,
          now: () => NOW,
        });
        const started = process.memoryUsage().heapUsed;
        outcome = await (connector as OpticloudConnector).files.list(deviceId, NOW - 40 * 86_400_000, NOW).then(
          () => 'listed',
          (err: unknown) =>
            err instanceof VendorError && err.action === 'fail-stream' ? err.message : `other: ${String(err)}`,
        );
        expect(process.memoryUsage().heapUsed - started).toBeLessThan(100 * 1024 * 1024);
        await http.close();
      }
      expect(outcome).toBe('The optiCLOUD file list declares a DOCTYPE or entities; refused.');
    } finally {
      await server.close();
    }
  });

  it('a sync through throttling, server errors, resets and delays still gives exactly the truth', async () => {
    const flaky = createOpticloudSimulator({ seed: 11, faults: 'flaky', now: () => NOW, scale: 'small' });
    const flakyRig = await startRig(opticloudVendor, flaky, NOW);
    try {
      const found = await flakyRig.connect().connector.discover();
      const [feedId] = Object.keys(found.feeds);
      const held: Held = new Map();
      await syncFeeds(
        flakyRig.connect().connector,
        { ...found, feeds: { [feedId]: found.feeds[feedId] } },
        held,
        new Map(),
      );
      expectSameAsTruth(held, truthHeld([...flaky.truth()].filter((t) => t.key.startsWith(`${feedId}/`))));
    } finally {
      await flakyRig.server.close();
    }
  });
});
