import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorIds } from '../../../src-main/model';
import { listStreams } from '../../../src-main/store/catalog';
import { syncAccounts } from '../../../src-main/sync/engine';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import { eventsCommand, sourcesCommand } from '../../../src-main/cli/sources';
import type { Workspace } from '../../../src-main/workspace';
import { addSimulatorAccount, testWorkspace } from '../../helpers/workspace';

/**
 * Issue 18 "Done means": `tributary sources --json` gives each source's last contact as its vendor
 * states it and its location; `tributary events --json` lists every device event once after two syncs.
 */

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FROM_MS = NOW - 40 * 86_400_000;

interface SourceJson {
  key: string;
  vendor: string;
  name: string;
  parent: string | null;
  lastContact: string | null;
  online: boolean | null;
  location: { lat: number; lon: number } | null;
  meta: Record<string, string>;
}
interface EventJson {
  source: string;
  ts: string;
  type: string;
  details: string;
}

let sims: Simulators;
let ws: Workspace;

async function cliJson<T>(command: typeof sourcesCommand, args: string[]): Promise<T> {
  const out: string[] = [];
  const code = await command.run([...args, '--json'], {
    dataDir: ws.dataDir,
    verbose: false,
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    isTTY: false,
  });
  expect(code).toBe(0);
  return JSON.parse(out.join('\n')) as T;
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, { headers });
  expect(res.status, url).toBe(200);
  return res.json();
}

/** optiCLOUD's log of one device straight from the simulator, as its own client would ask for it. */
async function opticloudLog(deviceId: string): Promise<unknown[]> {
  const base = sims.baseUrls.opticloud;
  const { username, password, tenant } = sims.credentials.opticloud as Record<string, string>;
  const post = async (path: string, body: unknown) =>
    (await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json())) as unknown;
  const entries = (await post('/api/noauth/authorization', { username, password })) as {
    tenant?: { name: string };
    authorityId: { id: string };
  }[];
  const authorityId = entries.find((e) => e.tenant?.name === tenant)?.authorityId.id;
  const { token } = (await post('/api/auth/login', { username, password, authorityId })) as { token: string };
  const page = (await getJson(
    `${base}/api/devices/${deviceId}/communication/data?startTime=${FROM_MS}&endTime=${NOW}&limit=2147483647&page=0`,
    { 'x-authorization': `Bearer ${token}`, accept: 'application/json' },
  )) as { data: unknown[] };
  return page.data;
}

beforeAll(async () => {
  sims = await startSimulators({ seed: 7, faults: 'none', now: NOW, scale: 'small' });
  ws = testWorkspace({ now: () => NOW });
  for (const vendor of vendorIds)
    addSimulatorAccount(ws, vendor, sims.baseUrls[vendor], sims.credentials[vendor] as Record<string, string>);
  for (let round = 0; round < 2; round++)
    for (const r of await syncAccounts(ws, null, { from: FROM_MS * 1000 }))
      expect({ account: r.accountName, state: r.state, error: r.error }).toEqual({
        account: r.accountName,
        state: 'ok',
        error: null,
      });
}, 400_000);

afterAll(async () => {
  await sims.close();
});

describe('tributary sources --json', () => {
  it('gives OpenSense devices their last_seen_at and online, and every site and device its place', async () => {
    const sources = await cliJson<SourceJson[]>(sourcesCommand, ['--account', 'opensense']);
    const headers = { authorization: `Bearer ${(sims.credentials.opensense as Record<string, string>).token}` };
    const sites = (await getJson(`${sims.baseUrls.opensense}/v1/sites`, headers)) as { data: { id: string }[] };
    let devices = 0;
    for (const site of sites.data) {
      const listed = (await getJson(`${sims.baseUrls.opensense}/v1/devices?site_id=${site.id}`, headers)) as {
        data: { id: string; last_seen_at: string | null; online: boolean; model: string }[];
      };
      for (const d of listed.data) {
        const s = sources.find((x) => x.key === `opensense/${d.id}`);
        expect(s, d.id).toBeDefined();
        expect(s?.parent).toBe(`opensense/${site.id}`);
        expect(s?.lastContact && Date.parse(s.lastContact)).toBe(d.last_seen_at && Date.parse(d.last_seen_at));
        expect(s?.online).toBe(d.online);
        expect(s?.meta.model).toBe(d.model);
        devices++;
      }
    }
    expect(devices).toBeGreaterThan(0);
    for (const s of sources) expect(s.location, s.key).not.toBeNull();
  });

  it('gives optiCLOUD devices their newest communication event as last contact', async () => {
    const sources = await cliJson<SourceJson[]>(sourcesCommand, ['--account', 'opticloud']);
    const events = await cliJson<EventJson[]>(eventsCommand, ['--account', 'opticloud']);
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      const newest = events.find((e) => e.source === s.key);
      expect(newest, s.key).toBeDefined();
      expect(s.lastContact).toBe(newest?.ts);
      expect(s.online).toBeNull();
    }
  });

  it('gives Realtime sensors their latest record date as last contact', async () => {
    const sources = await cliJson<SourceJson[]>(sourcesCommand, ['--account', 'realtime']);
    const newestOf = new Map<string, number>();
    for (const t of sims.sims.realtime.truth()) {
      const sensor = `realtime/${t.key.split('/').slice(1, 3).join('/')}`;
      for (const p of t.points()) newestOf.set(sensor, Math.max(newestOf.get(sensor) ?? 0, p.ts));
    }
    expect(newestOf.size).toBeGreaterThan(0);
    for (const [sensor, newest] of newestOf) {
      const s = sources.find((x) => x.key === sensor);
      expect(s?.lastContact, sensor).toBe(new Date(Math.floor(newest / 1000)).toISOString());
      expect(s?.meta.type, sensor).toBeTruthy();
    }
  });

  it('falls back to the newest stored point and places Opti sites and OpenDataSoft datasets with a geo field', async () => {
    const sources = await cliJson<SourceJson[]>(sourcesCommand, []);
    const opti = sources.filter((s) => s.vendor === 'opti');
    expect(opti.length).toBeGreaterThan(0);
    for (const s of opti) {
      expect(s.location, s.key).not.toBeNull();
      expect(s.lastContact, s.key).not.toBeNull();
    }
    const weather = sources.find((s) => s.key === 'opendatasoft/weather-observations');
    expect(weather?.location).toEqual({ lat: 45.7294, lon: 4.9389 });
    for (const s of sources)
      expect(Object.keys(s).sort()).toEqual([
        'key',
        'lastContact',
        'location',
        'meta',
        'name',
        'online',
        'parent',
        'vendor',
      ]);
    // Every source key is `<vendor>/<vendor's id>`, and each stream's source is listed.
    const keys = new Set(sources.map((s) => s.key));
    for (const s of sources) expect(s.key.startsWith(`${s.vendor}/`)).toBe(true);
    expect(listStreams(ws.db).every((s) => s.sourceId !== null)).toBe(true);
    expect(keys.size).toBe(sources.length);
  });
});

describe('tributary events --json', () => {
  it('lists every event the simulator holds, once, newest first, after two syncs', async () => {
    const events = await cliJson<EventJson[]>(eventsCommand, ['--account', 'opticloud']);
    const devices = [...new Set(events.map((e) => e.source))];
    expect(devices.length).toBeGreaterThan(0);
    let held = 0;
    for (const key of devices) held += (await opticloudLog(key.slice('opticloud/'.length))).length;
    expect(events).toHaveLength(held);
    expect(new Set(events.map((e) => JSON.stringify(e))).size).toBe(events.length);
    expect(events.map((e) => e.ts)).toEqual(
      events
        .map((e) => e.ts)
        .sort()
        .reverse(),
    );
    expect(new Set(events.map((e) => e.type))).toContain('PING');
    const one = await cliJson<EventJson[]>(eventsCommand, ['--account', 'opticloud', '--source', devices[0]]);
    expect(one.every((e) => e.source === devices[0])).toBe(true);
  });
});
