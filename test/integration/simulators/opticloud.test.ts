import { gunzipSync, inflateSync, unzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../helpers/read-zip';
import { simOptions } from '../../../src-main/simulators/index';
import {
  createOpticloudSimulator,
  javaDouble,
  type OpticloudSimulator,
} from '../../../src-main/simulators/opticloud/index';
import { request, requestPatiently, serve, type Reply, type Served } from './test-http';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const XML_ACCEPT = 'text/html, application/json, application/xhtml+xml, application/xml;q=0.9';

interface TbPage<T> {
  data: T[];
  totalPages: number;
  totalElements: number;
  hasNext: boolean;
}
interface DeviceJson {
  id: { entityType: string; id: string };
  name: string;
}
interface FileJson {
  name: string;
  size: number;
  startTime: number;
  status: number;
}
type Series = Record<string, { ts: number; value: unknown }[]>;

/** Walks an OSF4 file's blocks: every block must end inside the file and the last one must end exactly at its end. */
function walkOsf(osf: Buffer): {
  header: string;
  blocks: number;
  trailer: boolean;
  samplesByChannel: Map<number, number>;
} {
  const newline = osf.indexOf(0x0a);
  const [magic, length] = osf.subarray(0, newline).toString('ascii').split(' ');
  expect(magic).toBe('OCEAN_STREAM_FORMAT4');
  const header = osf.subarray(newline + 1, newline + 1 + Number(length)).toString('utf8');
  const lengthSizes = [...header.matchAll(/sizeoflengthvalue="(\d)" index="(\d+)"/g)].map((m) => Number(m[1]));
  let at = newline + 1 + Number(length);
  let blocks = 0;
  let trailer = false;
  const samplesByChannel = new Map<number, number>();
  while (at < osf.length) {
    const channel = osf.readUInt16LE(at);
    if (channel === 0xffff) {
      const len = osf.readUInt32LE(at + 2);
      expect(osf[at + 6]).toBe(0);
      at += 6 + len;
      trailer = true;
      continue;
    }
    const sizeOfLength = lengthSizes[channel];
    const len = sizeOfLength === 2 ? osf.readUInt16LE(at + 2) : osf.readUInt32LE(at + 2);
    const control = osf[at + 2 + sizeOfLength];
    const samples = control === 0x88 ? osf.readUInt32LE(at + 3 + sizeOfLength) : 1;
    expect([0x04, 0x08, 0x88]).toContain(control);
    samplesByChannel.set(channel, (samplesByChannel.get(channel) ?? 0) + samples);
    at += 2 + sizeOfLength + len;
    blocks++;
  }
  expect(at).toBe(osf.length);
  return { header, blocks, trailer, samplesByChannel };
}

describe('optiCLOUD simulator', () => {
  let sim: OpticloudSimulator;
  let served: Served;
  let headers: Record<string, string>;
  let tenantId: string;
  let devices: DeviceJson[];

  const post = (path: string, body: unknown, extra: Record<string, string> = {}): Promise<Reply> =>
    request(`${served.base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...extra },
      body: JSON.stringify(body),
    });
  const get = (path: string, extra: Record<string, string> = {}): Promise<Reply> =>
    request(`${served.base}${path}`, { headers: { ...headers, ...extra } });
  const json = async <T>(path: string, extra: Record<string, string> = {}): Promise<T> => {
    const reply = await get(path, extra);
    expect(reply.status, reply.body).toBe(200);
    return JSON.parse(reply.body) as T;
  };

  async function login(
    tenantName: string,
  ): Promise<{ headers: Record<string, string>; tenantId: string; refreshToken: string }> {
    const { username, password } = sim.credentials;
    const entries = JSON.parse((await post('/api/noauth/authorization', { username, password })).body) as {
      tenant?: { id: { id: string }; name: string };
      authorityId: { id: string };
    }[];
    const entry = entries.find((e) => e.tenant?.name === tenantName);
    if (!entry?.tenant) throw new Error('tenant not offered');
    const tokens = JSON.parse(
      (await post('/api/auth/login', { username, password, authorityId: entry.authorityId.id })).body,
    ) as { token: string; refreshToken: string };
    return {
      headers: { 'X-Authorization': `Bearer ${tokens.token}` },
      tenantId: entry.tenant.id.id,
      refreshToken: tokens.refreshToken,
    };
  }

  beforeAll(async () => {
    sim = createOpticloudSimulator(simOptions({ seed: 9, now: NOW }), {
      connectAfterRequests: 1000,
      connectAfterMs: 600_000,
    });
    served = await serve(sim.handler);
    ({ headers, tenantId } = await login(sim.credentials.tenant));
    devices = (await json<TbPage<DeviceJson>>(`/api/tenants/${tenantId}/devices?page=0&limit=-1`)).data;
  });
  afterAll(() => served.server.close());

  it('logs in in two steps: a tenant list (one entry without tenant, two tenants), then a token', async () => {
    const { username, password } = sim.credentials;
    const refused = await post('/api/noauth/authorization', { username, password: 'wrong' });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 401, errorCode: 10 });
    const entries = JSON.parse((await post('/api/noauth/authorization', { username, password })).body) as {
      tenant?: { name: string };
    }[];
    expect(entries).toHaveLength(3);
    expect(entries.filter((e) => e.tenant === undefined)).toHaveLength(1);
    expect(entries[0].tenant?.name).not.toBe(sim.credentials.tenant);
    expect(
      (await post('/api/auth/login', { username, password, authorityId: '00000000-0000-4000-8000-000000000000' }))
        .status,
    ).toBe(401);
    expect(
      (
        await request(`${served.base}/api/noauth/authorization`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
  });

  it('refuses missing tokens (401, code 10) and expired ones (401 "Token has expired", code 11); refresh gives a new token', async () => {
    const missing = await request(`${served.base}/api/tenants/${tenantId}/devices?page=0&limit=-1`);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ status: 401, errorCode: 10 });
    const session = await login(sim.credentials.tenant);
    sim.expireTokens();
    const expired = await request(`${served.base}/api/tenants/${tenantId}/devices?page=0&limit=-1`, {
      headers: session.headers,
    });
    expect(expired.status).toBe(401);
    const body = JSON.parse(expired.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, message: 'Token has expired', errorCode: 11 });
    expect(typeof body.timestamp).toBe('number');
    const refreshed = JSON.parse((await post('/api/auth/token', { refreshToken: session.refreshToken })).body) as {
      token: string;
    };
    expect(
      (
        await request(`${served.base}/api/tenants/${tenantId}/devices?page=0&limit=-1`, {
          headers: { 'X-Authorization': `Bearer ${refreshed.token}` },
        })
      ).status,
    ).toBe(200);
    ({ headers } = await login(sim.credentials.tenant));
  });

  it('lists devices per tenant with ThingsBoard pages; the tenant chosen decides what is seen', async () => {
    expect(devices).toHaveLength(sim.platform().tenants[0].devices.length);
    const first = await json<TbPage<DeviceJson>>(`/api/tenants/${tenantId}/devices?page=0&limit=2`);
    expect(first).toMatchObject({
      totalElements: devices.length,
      totalPages: Math.ceil(devices.length / 2),
      hasNext: true,
    });
    const last = await json<TbPage<DeviceJson>>(
      `/api/tenants/${tenantId}/devices?page=${first.totalPages - 1}&limit=2`,
    );
    expect(last.hasNext).toBe(false);
    expect(JSON.parse((await get(`/api/tenants/${tenantId}/devices?page=0`)).body)).toMatchObject({
      status: 400,
      errorCode: 31,
    });

    const other = await login('Stadtwerke Süd');
    expect(other.tenantId).not.toBe(tenantId);
    const denied = await request(`${served.base}/api/tenants/${tenantId}/devices?page=0&limit=-1`, {
      headers: other.headers,
    });
    expect(JSON.parse(denied.body)).toMatchObject({ status: 403, errorCode: 20 });
    const theirs = JSON.parse(
      (
        await request(`${served.base}/api/tenants/${other.tenantId}/devices?page=0&limit=-1`, {
          headers: other.headers,
        })
      ).body,
    ) as TbPage<DeviceJson>;
    expect(theirs.data.map((d) => d.id.id)).not.toContain(devices[0].id.id);
    expect(
      (await request(`${served.base}/api/device/${theirs.data[0].id.id}/credentials`, { headers: other.headers }))
        .status,
    ).toBe(403);
    expect((await get(`/api/plugins/telemetry/DEVICE/${theirs.data[0].id.id}/keys/timeseries`)).status).toBe(403);
  });

  it('is case-sensitive and strict about methods, like Spring', async () => {
    const notFound = await get(`/api/Tenants/${tenantId}/devices?page=0&limit=-1`);
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body)).toMatchObject({ status: 404, error: 'Not Found' });
    expect((await get(`/api/devices/${devices[0].id.id}/credentials`)).status).toBe(404);
    expect((await request(`${served.base}/api/auth/login`)).status).toBe(405);
    expect(JSON.parse((await get('/api/plugins/telemetry/DEVICE/not-a-uuid/keys/timeseries')).body)).toMatchObject({
      status: 400,
      errorCode: 31,
    });
  });

  it('serves latest telemetry without keys (startTs/endTs ignored), as strings in Java notation', async () => {
    const id = devices[0].id.id;
    const keys = await json<string[]>(`/api/plugins/telemetry/DEVICE/${id}/keys/timeseries`);
    expect(keys).toEqual(['batteryVoltage', 'conductivity', 'status', 'waterLevel', 'waterTemperature']);
    const latest = await json<Series>(
      `/api/plugins/telemetry/DEVICE/${id}/values/timeseries?startTs=${NOW}&endTs=${NOW}`,
    );
    expect(Object.keys(latest).sort()).toEqual(keys);
    for (const k of keys) {
      expect(latest[k]).toHaveLength(1);
      expect(typeof latest[k][0].value).toBe('string');
      expect(latest[k][0].ts).toBeLessThan(NOW);
    }
    expect(javaDouble(12)).toBe('12.0');
    expect(javaDouble(0.00015)).toBe('1.5E-4');
    expect(javaDouble(12345678.5)).toBe('1.23456785E7');
  });

  it('pages a whole history in DESC windows of the default limit 100 (ms, end exclusive), matching the truth', async () => {
    const device = devices[1].id.id;
    const truth = [...([...sim.truth()].find((t) => t.key === `opticloud/${device}/waterLevel`)?.points() ?? [])];
    const start = sim.platform().historyStartMs;
    const got: { ts: number; value: number }[] = [];
    let requests = 0;
    for (let end = NOW; ; requests++) {
      const page = await json<Series>(
        `/api/plugins/telemetry/DEVICE/${device}/values/timeseries?keys=waterLevel&startTs=${start}&endTs=${end}`,
      );
      const rows = page.waterLevel ?? [];
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(100);
      for (let i = 1; i < rows.length; i++) expect(rows[i].ts).toBeLessThan(rows[i - 1].ts);
      got.push(...rows.map((r) => ({ ts: r.ts, value: Number(r.value) })));
      end = rows[rows.length - 1].ts;
    }
    expect(requests).toBeGreaterThan(1);
    expect(got.reverse().map((p) => ({ ts: p.ts * 1000, value: p.value }))).toEqual(truth);
  });

  it('honours orderBy, limit, useStrictDataTypes and agg; rejects bad parameters', async () => {
    const id = devices[0].id.id;
    const from = NOW - 86_400_000;
    const asc = await json<Series>(
      `/api/plugins/telemetry/DEVICE/${id}/values/timeseries?keys=conductivity,status,nothing&startTs=${from}&endTs=${NOW}&orderBy=ASC&limit=5&useStrictDataTypes=true`,
    );
    expect(Object.keys(asc).sort()).toEqual(['conductivity', 'status']);
    expect(asc.conductivity).toHaveLength(5);
    expect(asc.conductivity[0].ts).toBeLessThan(asc.conductivity[1].ts);
    expect(typeof asc.conductivity[0].value).toBe('number');
    expect(typeof asc.status[0].value).toBe('string');
    const avg = await json<Series>(
      `/api/plugins/telemetry/DEVICE/${id}/values/timeseries?keys=waterTemperature&startTs=${from}&endTs=${NOW}&agg=AVG&interval=21600000&orderBy=ASC`,
    );
    expect(avg.waterTemperature.map((r) => r.ts)).toEqual([0, 1, 2, 3].map((i) => from + i * 21_600_000 + 10_800_000));
    const bad = await get(
      `/api/plugins/telemetry/DEVICE/${id}/values/timeseries?keys=waterLevel&startTs=${from}&endTs=${NOW}&orderBy=SIDEWAYS`,
    );
    expect(JSON.parse(bad.body)).toMatchObject({ status: 400, errorCode: 31 });
  });

  it('lists server files (ms) and the full XML list (seconds, uppercase /API/, 406 without XML in Accept)', async () => {
    const id = devices[0].id.id;
    const serverFiles = (
      await json<TbPage<FileJson>>(`/api/devices/${id}/data-files/original?startTime=0&endTime=${NOW}&limit=-1&page=0`)
    ).data;
    expect(serverFiles.length).toBeGreaterThan(10);
    expect(serverFiles.every((f) => f.status === 2 || f.status === 3)).toBe(true);
    expect(serverFiles[0].name).toMatch(/^\/sde\/preview\/\d{8}\/\d{8}_\d{6}\.osfz$/);

    const { credentialsId } = await json<{ credentialsId: string; credentialsType: string }>(
      `/api/device/${id}/credentials`,
    );
    const listUrl = (from: number, to: number): string =>
      `/API/filelist/list/deviceid/${credentialsId}/StartTime/${from}/${to}`;
    const startSec = Math.floor(sim.platform().historyStartMs / 1000);
    const nowSec = NOW / 1000;
    expect((await get(listUrl(startSec, nowSec))).status).toBe(406);
    expect((await get(listUrl(startSec, nowSec), { Accept: '*/*' })).status).toBe(406);
    expect((await get(listUrl(startSec, nowSec).replace('/API/', '/api/'), { Accept: XML_ACCEPT })).status).toBe(404);
    const xml = await get(listUrl(startSec, nowSec), { Accept: XML_ACCEPT });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toContain('application/xml');
    const statuses = [...xml.body.matchAll(/<Status>(\d)<\/Status>/g)].map((m) => Number(m[1]));
    expect(new Set(statuses)).toEqual(new Set([0, 2, 3]));
    expect(xml.body).toMatch(/^<\?xml[^>]*>\n<FileList>/);

    const inMs = await get(listUrl(startSec * 1000, NOW), { Accept: XML_ACCEPT });
    expect(inMs.body).not.toContain('<GeoLogFile');
    const one = serverFiles[3];
    const single = await get(listUrl(one.startTime / 1000, one.startTime / 1000), { Accept: XML_ACCEPT });
    expect(single.body.match(/<GeoLogFile>/g)).toHaveLength(1);
    expect(single.body).toContain(`<Name>${one.name}</Name>`);

    const odd = devices[1].id.id;
    const oddCredentials = await json<{ credentialsId: string }>(`/api/device/${odd}/credentials`);
    const attributes = await get(
      `/API/filelist/list/deviceid/${oddCredentials.credentialsId}/StartTime/${startSec}/${nowSec}`,
      { Accept: 'application/xml' },
    );
    expect(attributes.body).toMatch(/<GeoLogFile fileName="[^"]+" size="\d+" startTime="\d+" status="\d"\/>/);
  });

  it('downloads one file as a real .osfz (with Range) and several as a ZIP', async () => {
    const id = devices[0].id.id;
    const files = (await json<TbPage<FileJson>>(`/api/devices/${id}/data-files/original?limit=-1&page=0`)).data;
    const token = await post(`/api/device/${id}/data-files/CLIENT_SCOPE/download`, [files[0].name], headers);
    expect(token.status).toBe(200);
    expect(token.headers.get('content-type')).toContain('text/plain');
    const file = await get(`/api/device/${id}/data-files/CLIENT_SCOPE/token/${token.body}`);
    expect(file.status).toBe(200);
    expect(file.bytes.length).toBe(files[0].size);
    expect(file.bytes.equals(sim.fileBytes(id, files[0].name))).toBe(true);
    const osf = unzipSync(file.bytes);
    expect(osf.subarray(0, 21).toString('ascii')).toBe('OCEAN_STREAM_FORMAT4 ');
    const walked = walkOsf(osf);
    expect(walked.header).toContain('<optimeas ');
    expect(walked.header).toContain('<channels count="5">');
    expect(walked.trailer).toBe(true);
    const expected = sim.fileSamples(id, files[0].name);
    expected.forEach((c, i) => expect(walked.samplesByChannel.get(i)).toBe(c.samples.length));

    const part = await get(`/api/device/${id}/data-files/CLIENT_SCOPE/token/${token.body}`, { Range: 'bytes=10-99' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-99/${file.bytes.length}`);
    expect(part.bytes.equals(file.bytes.subarray(10, 100))).toBe(true);
    expect(
      (
        await get(`/api/device/${id}/data-files/CLIENT_SCOPE/token/${token.body}`, {
          Range: `bytes=${file.bytes.length}-`,
        })
      ).status,
    ).toBe(416);

    const several = await post(
      `/api/device/${id}/data-files/CLIENT_SCOPE/download`,
      files.slice(0, 3).map((f) => f.name),
      headers,
    );
    const zip = await get(`/api/device/${id}/data-files/CLIENT_SCOPE/token/${several.body}`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const entries = await readZip(zip.bytes);
    expect(entries.map((e) => `/${e.name}`).sort()).toEqual(
      files
        .slice(0, 3)
        .map((f) => f.name)
        .sort(),
    );
    for (const e of entries) expect(unzipSync(e.data).subarray(0, 21).toString('ascii')).toBe('OCEAN_STREAM_FORMAT4 ');

    const odd = devices[1].id.id;
    const oddFile = sim.files(odd).find((f) => f.currentStatus === 3);
    expect(() => gunzipSync(sim.fileBytes(odd, oddFile?.name ?? ''))).toThrow();
    expect(
      inflateSync(sim.fileBytes(odd, oddFile?.name ?? ''))
        .subarray(0, 20)
        .toString('ascii'),
    ).toBe('OCEAN_STREAM_FORMAT4');

    expect(
      JSON.parse((await post(`/api/device/${id}/data-files/CLIENT_SCOPE/download`, ['/sde/nope.osfz'], headers)).body),
    ).toMatchObject({ status: 404, errorCode: 32 });
    expect((await get(`/api/device/${id}/data-files/CLIENT_SCOPE/token/unknown`)).status).toBe(404);
  });

  it('request-list queues LIST_FILES: at the next connection status 0 files turn 1, then 3 and downloadable', async () => {
    const id = devices[2].id.id;
    const pending = sim.files(id).filter((f) => f.currentStatus === 0);
    expect(pending.length).toBeGreaterThan(0);
    const from = new Date(pending[0].startMs).toISOString();
    const to = new Date(pending[pending.length - 1].startMs).toISOString();
    expect(
      (await post(`/api/devices/${id}/request-list`, { startTime: from, endTime: to, tag: 'preview' }, headers)).status,
    ).toBe(200);
    expect(sim.files(id).filter((f) => f.currentStatus === 1)).toHaveLength(0);
    sim.connectDevice(id);
    expect(
      sim
        .files(id)
        .filter((f) => f.currentStatus === 1)
        .map((f) => f.name),
    ).toEqual(pending.map((f) => f.name));
    sim.connectDevice(id);
    const names = new Set(pending.map((f) => f.name));
    expect(
      sim
        .files(id)
        .filter((f) => names.has(f.name))
        .every((f) => f.currentStatus === 3),
    ).toBe(true);
    const listed = (await json<TbPage<FileJson>>(`/api/devices/${id}/data-files/original?limit=-1&page=0`)).data.map(
      (f) => f.name,
    );
    expect(listed).toContain(pending[0].name);

    const log = await json<TbPage<{ ts: number; type: string }>>(
      `/api/devices/${id}/communication/data?startTime=0&endTime=${NOW}&limit=2147483647&page=0`,
    );
    const types = new Set(log.data.map((e) => e.type));
    for (const t of ['PING', 'ATTN', 'LIST_FILES', 'FILE_RESPONSE']) expect(types).toContain(t);
    for (let i = 1; i < log.data.length; i++) expect(log.data[i].ts).toBeLessThanOrEqual(log.data[i - 1].ts);
  });

  it('a queued request-list also runs by itself after a few further requests', async () => {
    const auto = createOpticloudSimulator(simOptions({ seed: 9, now: NOW }), {
      connectAfterRequests: 2,
      connectAfterMs: 600_000,
    });
    const s = await serve(auto.handler);
    try {
      const { username, password, tenant } = auto.credentials;
      const entries = JSON.parse(
        (
          await request(`${s.base}/api/noauth/authorization`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username, password }),
          })
        ).body,
      ) as { tenant?: { name: string }; authorityId: { id: string } }[];
      const authorityId = entries.find((e) => e.tenant?.name === tenant)?.authorityId.id;
      const { token } = JSON.parse(
        (
          await request(`${s.base}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username, password, authorityId }),
          })
        ).body,
      ) as { token: string };
      const device = auto.platform().tenants[0].devices[0].id;
      const pending = auto.files(device).filter((f) => f.currentStatus === 0);
      const h = { 'X-Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' };
      await request(`${s.base}/api/devices/${device}/request-list`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ startTime: '2000-01-01T00:00:00Z', endTime: '2100-01-01T00:00:00Z', tag: 'preview' }),
      });
      for (let i = 0; i < 3; i++)
        await request(`${s.base}/api/plugins/telemetry/DEVICE/${device}/keys/timeseries`, { headers: h });
      expect(auto.files(device).filter((f) => f.currentStatus === 1)).toHaveLength(pending.length);
    } finally {
      await s.server.close();
    }
  });
});

describe('optiCLOUD hostile', () => {
  it('serves path traversal names, zip slip entries, XML entity bombs, malformed values and a 60 MB body', async () => {
    const sim = createOpticloudSimulator(simOptions({ seed: 4, faults: 'hostile', now: NOW }));
    const served = await serve(sim.handler);
    try {
      const go = (path: string, init: RequestInit = {}): Promise<Reply> =>
        requestPatiently(`${served.base}${path}`, init);
      const { username, password, tenant } = sim.credentials;
      const jsonPost = (body: unknown, h: Record<string, string> = {}): RequestInit => ({
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...h },
        body: JSON.stringify(body),
      });
      const entries = JSON.parse((await go('/api/noauth/authorization', jsonPost({ username, password }))).body) as {
        tenant?: { name: string; id: { id: string } };
        authorityId: { id: string };
      }[];
      const entry = entries.find((e) => e.tenant?.name === tenant);
      const { token } = JSON.parse(
        (await go('/api/auth/login', jsonPost({ username, password, authorityId: entry?.authorityId.id }))).body,
      ) as { token: string };
      const h = { 'X-Authorization': `Bearer ${token}` };
      const device = sim.platform().tenants[0].devices[0].id;

      const files = (
        JSON.parse(
          (await go(`/api/devices/${device}/data-files/original?limit=-1&page=0`, { headers: h })).body,
        ) as TbPage<FileJson>
      ).data.map((f) => f.name);
      expect(files).toEqual(expect.arrayContaining(['../../etc/passwd.osfz', '/etc/x.osfz']));

      const { credentialsId } = JSON.parse((await go(`/api/device/${device}/credentials`, { headers: h })).body) as {
        credentialsId: string;
      };
      const xml = (
        await go(`/API/filelist/list/deviceid/${credentialsId}/StartTime/0/${NOW / 1000}`, {
          headers: { ...h, Accept: 'application/xml' },
        })
      ).body;
      expect(xml).toContain('<!ENTITY lol9 "&lol8;&lol8;');
      expect(xml).toContain('<!ENTITY xxe SYSTEM "file:///etc/passwd">');
      expect(xml).toContain('<Name>&xxe;</Name>');

      const downloadToken = (
        await go(
          `/api/device/${device}/data-files/CLIENT_SCOPE/download`,
          jsonPost(['../../etc/passwd.osfz', files[0]], h),
        )
      ).body;
      const zip = await go(`/api/device/${device}/data-files/CLIENT_SCOPE/token/${downloadToken}`, { headers: h });
      const names = (await readZip(zip.bytes)).map((e) => e.name);
      // The first requested file's entry climbs out; the good one beside it; an absolute one nobody asked for.
      expect(names).toEqual(['../../passwd.osfz', String(files[0]).replace(/^\/+/, ''), '/tmp/evil-absolute.osfz']);

      const start = sim.platform().historyStartMs;
      const telemetry = (path: string): Promise<Reply> =>
        go(`/api/plugins/telemetry/DEVICE/${device}/values/timeseries?${path}`, { headers: h });
      const numericKeys = 'waterLevel,waterTemperature,batteryVoltage,conductivity';
      const first = JSON.parse(
        (await telemetry(`keys=${numericKeys}&startTs=${start}&endTs=${NOW}&limit=100000`)).body,
      ) as Series;
      const oversized = await telemetry(`keys=waterLevel&startTs=${start}&endTs=${NOW}&limit=100000`);
      expect(oversized.bytes.length).toBeGreaterThan(60_000_000);
      const values = Object.values(first).flatMap((rows) => rows.map((r) => r.value));
      for (const bad of ['NaN', 'Infinity', '12,5', '1e400']) expect(values).toContain(bad);
      const clean = first.waterLevel.filter(
        (r) => typeof r.value === 'string' && /^-?\d+(\.\d+)?(E-?\d+)?$/.test(r.value),
      );
      const truth = [...([...sim.truth()].find((t) => t.key === `opticloud/${device}/waterLevel`)?.points() ?? [])];
      expect(clean.map((r) => ({ ts: r.ts * 1000, value: Number(r.value) })).reverse()).toEqual(truth);
    } finally {
      await served.server.close();
    }
  }, 60_000);
});
