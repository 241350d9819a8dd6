import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../src-main/simulators/common/server';
import type { FaultMode, Scale } from '../../../src-main/simulators/common/faults';
import { createOpensenseSimulator, type OpensenseTuning } from '../../../src-main/simulators/opensense/index';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const open: Listening[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

type Json = Record<string, unknown>;
interface Measurements {
  channel_id: string;
  data: [string, number][];
  next_cursor: string | null;
  has_more: boolean;
}

async function start(options: { scale?: Scale; faults?: FaultMode; seed?: number } & OpensenseTuning = {}) {
  const { scale = 'small', faults = 'none', seed = 4, ...tuning } = options;
  const sim = createOpensenseSimulator({ seed, faults, scale, now: () => NOW }, { basePath: '/prefix', ...tuning });
  const listening = await listen(sim.handler);
  open.push(listening);
  const base = `http://127.0.0.1:${listening.port}${sim.basePath}`;
  const request = async (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const token = init.token === undefined ? sim.credentials.token : init.token;
    const headers = {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string>),
    };
    const res = await fetch(`${base}${path}`, { ...init, headers });
    const type = res.headers.get('content-type') ?? '';
    const body: unknown = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: body as Json, res };
  };
  const get = (path: string, token?: string | null) => request(path, { token });
  const postJson = (path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
    request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      token,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  return { sim, base, get, postJson, request };
}

async function firstChannel(
  get: (p: string) => Promise<{ body: Json }>,
): Promise<{ deviceId: string; channelId: string; sensors: Json[] }> {
  const devices = (await get('/v1/devices')).body.data as Json[];
  const sensors = (await get(`/v1/devices/${String(devices[0].id)}/sensors`)).body.data as Json[];
  return { deviceId: String(devices[0].id), channelId: String(sensors[0].channel_id), sensors };
}

describe('OpenSense simulator: auth and errors', () => {
  it('401 auth_required without a token, token_invalid for a bad one, 403 forbidden for a device token on read routes', async () => {
    const { get, sim } = await start();
    const none = await get('/v1/sites', null);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: { code: 'auth_required', message: expect.any(String), request_id: expect.stringMatching(/^req_/) },
    });
    expect((await get('/v1/sites', 'ua_live_nope')).body).toMatchObject({ error: { code: 'token_invalid' } });
    const deviceToken = Object.values(sim.deviceTokens)[0];
    const forbidden = await get('/v1/sites', deviceToken);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await get('/v1/sites')).status).toBe(200);
  });

  it('404 device_not_found and channel_not_found; 400 on list limits out of 1-500', async () => {
    const { get } = await start();
    expect((await get('/v1/devices/dev_nope/sensors')).body).toMatchObject({ error: { code: 'device_not_found' } });
    expect((await get('/v1/channels/chn_nope/measurements')).body).toMatchObject({
      error: { code: 'channel_not_found' },
    });
    for (const limit of ['0', '501', 'ten']) expect((await get(`/v1/sites?limit=${limit}`)).status).toBe(400);
    expect((await get('/v1/sites?limit=500')).status).toBe(200);
  });
});

describe('OpenSense simulator: lists', () => {
  it('pages sites and devices with cursors until has_more is false and next_cursor null', async () => {
    const { get } = await start();
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (await get(`/v1/devices?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      ids.push(...(page.data as Json[]).map((d) => String(d.id)));
      cursor = page.next_cursor as string | null;
      expect(page.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    const sites = (await get('/v1/sites')).body.data as Json[];
    const ofSite = (await get(`/v1/devices?site_id=${String(sites[0].id)}`)).body.data as Json[];
    expect(ofSite.every((d) => d.site_id === sites[0].id)).toBe(true);
    expect(ofSite[0]).toMatchObject({ id: expect.stringMatching(/^dev_/), local_id: expect.any(String), online: true });
  });

  it('describes sensors with their channel, ok range, last value and state (no_data for a sensor never heard)', async () => {
    const { get } = await start();
    const devices = (await get('/v1/devices')).body.data as Json[];
    const rack = devices.find((d) => d.name === 'Rack 12') as Json;
    const sensors = (await get(`/v1/devices/${String(rack.id)}/sensors`)).body.data as Json[];
    expect(sensors[0]).toMatchObject({
      id: expect.stringMatching(/^snr_/),
      channel_id: expect.stringMatching(/^chn_/),
      kind: 'temperature',
      ok_min: 18,
      ok_max: 27,
    });
    expect(sensors[0].last_ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(sensors.find((s) => s.label === 'Door sensor (new)')).toMatchObject({ state: 'no_data', last_value: null });
  });
});

describe('OpenSense simulator: measurements', () => {
  it('serves ascending [ts, value] rows of the last 24 h by default, µs and Z, from inclusive and to exclusive', async () => {
    const { get } = await start();
    const { channelId } = await firstChannel(get);
    const day = (await get(`/v1/channels/${channelId}/measurements`)).body as unknown as Measurements;
    expect(day.data.length).toBeGreaterThan(100);
    expect(day.data[0][0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(Date.parse(day.data[0][0])).toBeGreaterThanOrEqual(NOW - 86_400_000);
    const times = day.data.map(([ts]) => ts);
    expect([...times].sort()).toEqual(times);
    const [a, b] = [times[3], times[6]];
    const window = (await get(`/v1/channels/${channelId}/measurements?from=${a}&to=${b}`))
      .body as unknown as Measurements;
    expect(window.data.map(([ts]) => ts)).toEqual(times.slice(3, 6));
    const offset = a
      .replace('Z', '+00:00')
      .replace(
        /^(\d{4}-\d{2}-\d{2}T)(\d{2})/,
        (_m, d: string, h: string) => `${d}${String(Number(h)).padStart(2, '0')}`,
      );
    expect(
      (
        (await get(`/v1/channels/${channelId}/measurements?from=${encodeURIComponent(offset)}&to=${b}`))
          .body as unknown as Measurements
      ).data,
    ).toHaveLength(3);
  });

  it('pages a channel with cursors to exactly the truth (default limit 5000)', async () => {
    const { get, sim } = await start({ scale: 'medium' });
    for (const stream of [...sim.truth()].slice(0, 1)) {
      const channelId = stream.key.replace('opensense/', '');
      const got: [number, number][] = [];
      let url = `/v1/channels/${channelId}/measurements?from=2000-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`;
      let pages = 0;
      for (;;) {
        const page = (await get(url)).body as unknown as Measurements;
        pages++;
        if (page.has_more) expect(page.data).toHaveLength(5000);
        for (const [ts, v] of page.data)
          got.push([Date.parse(ts.slice(0, 23) + 'Z') * 1000 + Number(ts.slice(23, 26)), v]);
        if (!page.next_cursor) break;
        url = `/v1/channels/${channelId}/measurements?cursor=${page.next_cursor}&from=1999-01-01T00:00:00Z`;
      }
      expect(pages).toBeGreaterThan(1);
      expect(JSON.stringify(got)).toBe(JSON.stringify([...stream.points()].map((p) => [p.ts, p.value])));
    }
  });

  it('aggregates into buckets; refuses bad agg, fn, limits and reversed ranges', async () => {
    const { get } = await start();
    const { channelId } = await firstChannel(get);
    const hourly = (
      await get(
        `/v1/channels/${channelId}/measurements?agg=1h&fn=max&from=2026-05-16T00:00:00Z&to=2026-05-17T00:00:00Z`,
      )
    ).body as unknown as Measurements;
    expect(hourly.data.length).toBeLessThanOrEqual(24);
    expect(hourly.data[0][0]).toMatch(/T\d{2}:00:00Z$/);
    expect((await get(`/v1/channels/${channelId}/measurements?agg=2h`)).status).toBe(400);
    expect((await get(`/v1/channels/${channelId}/measurements?fn=avg`)).status).toBe(400);
    expect((await get(`/v1/channels/${channelId}/measurements?limit=0`)).status).toBe(400);
    expect((await get(`/v1/channels/${channelId}/measurements?cursor=garbage`)).status).toBe(400);
    const reversed = await get(
      `/v1/channels/${channelId}/measurements?from=2026-05-17T00:00:00Z&to=2026-05-16T00:00:00Z`,
    );
    expect(reversed.status).toBe(422);
    expect(reversed.body).toMatchObject({ error: { code: 'out_of_range' } });
  });

  it('reads several channels at once, at most 32', async () => {
    const { get, sim } = await start();
    const ids = [...sim.truth()].map((t) => t.key.replace('opensense/', ''));
    const both = (await get(`/v1/measurements?channel_ids=${ids[0]},${ids[1]}`)).body as {
      data: Record<string, unknown[]>;
    };
    expect(Object.keys(both.data)).toEqual([ids[0], ids[1]]);
    expect(both.data[ids[0]].length).toBeGreaterThan(10);
    expect(
      (await get(`/v1/measurements?channel_ids=${Array.from({ length: 33 }, () => ids[0]).join(',')}`)).status,
    ).toBe(400);
  });
});

describe('OpenSense simulator: rate limits', () => {
  it('limits each route family with its own header, Remaining, Reset in epoch seconds and Retry-After on 429', async () => {
    let clock = NOW + 10_000;
    const { get, sim } = await start({ limits: { Read: 2 }, clock: () => clock });
    const channelId = [...sim.truth()][0].key.replace('opensense/', '');
    const first = await get(`/v1/channels/${channelId}/measurements?limit=1`);
    expect(first.res.headers.get('x-ratelimit-read')).toBe('2');
    expect(first.res.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.res.headers.get('x-ratelimit-reset')).toBe(String((NOW + 60_000) / 1000));
    await get(`/v1/measurements?channel_ids=${channelId}&limit=1`);
    const limited = await get(`/v1/channels/${channelId}/measurements?limit=1`);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(limited.res.headers.get('retry-after')).toBe('50');
    const mgmt = await get('/v1/sites');
    expect(mgmt.status).toBe(200);
    expect(mgmt.res.headers.get('x-ratelimit-mgmt')).toBe('600');
    clock += 50_000;
    expect((await get(`/v1/channels/${channelId}/measurements?limit=1`)).status).toBe(200);
  });

  it('allows 4 report requests a minute', async () => {
    const { postJson, get } = await start({ clock: () => NOW });
    const siteId = String(((await get('/v1/sites')).body.data as Json[])[0].id);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await postJson('/v1/reports', {
            site_id: siteId,
            template: 'haccp_temperature_log',
            period: { from: '2026-05-01', to: `2026-05-0${i + 2}` },
            language: 'de',
          })
        ).status,
      );
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
  });
});

describe('OpenSense simulator: reports', () => {
  it('queues a report, makes it ready later, and serves a valid PDF of the period', async () => {
    let clock = NOW;
    const { postJson, get, request } = await start({ clock: () => clock, reportDelayMs: 1000 });
    const site = ((await get('/v1/sites')).body.data as Json[])[0];
    const created = await postJson('/v1/reports', {
      site_id: site.id,
      template: 'haccp_temperature_log',
      period: { from: '2026-05-15', to: '2026-05-16' },
      language: 'en',
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^rpt_/),
      state: 'queued',
      poll: `/prefix/v1/reports/${String(created.body.id)}`,
    });
    const poll = String(created.body.id);
    expect((await get(`/v1/reports/${poll}`)).body.state).toBe('queued');
    expect((await get(`/v1/reports/${poll}/file`)).status).toBe(409);
    clock += 1000;
    expect((await get(`/v1/reports/${poll}`)).body).toMatchObject({ state: 'ready' });
    const file = await request(`/v1/reports/${poll}/file`);
    expect(file.res.headers.get('content-type')).toBe('application/pdf');
    const pdf = file.body as unknown as Buffer;
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const [, count] = /xref\n0 (\d+)\n/.exec(text.slice(startxref)) ?? [];
    const entries = text
      .slice(startxref)
      .split('\n')
      .slice(3, 2 + Number(count));
    entries.forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${i + 1} 0 obj`)).toBe(true);
    });
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)?.[1]);
    const streamStart = text.indexOf('stream\n') + 7;
    expect(text.slice(streamStart + length, streamStart + length + 10)).toBe('\nendstream');
    expect(text).toContain('Period: 2026-05-15 to 2026-05-16 \\(inclusive\\)');
    expect(text).toContain(String(site.name).replace('–', '?'));
  });

  it('replays the same Idempotency-Key and body, refuses it with another body (409), and validates reports', async () => {
    const { postJson, get } = await start({ limits: { Report: 10 } });
    const siteId = String(((await get('/v1/sites')).body.data as Json[])[0].id);
    const body = {
      site_id: siteId,
      template: 'monthly_summary',
      period: { from: '2026-04-01', to: '2026-04-30' },
      language: 'fr',
    };
    const a = await postJson('/v1/reports', body, undefined, { 'Idempotency-Key': 'k-1' });
    const b = await postJson('/v1/reports', body, undefined, { 'Idempotency-Key': 'k-1' });
    expect(b.body).toEqual(a.body);
    const conflict = await postJson('/v1/reports', { ...body, language: 'de' }, undefined, {
      'Idempotency-Key': 'k-1',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
    expect((await postJson('/v1/reports', { ...body, site_id: 'site_nope' })).status).toBe(404);
    expect((await postJson('/v1/reports', { ...body, period: { from: '2026-05-01', to: '2026-04-01' } })).status).toBe(
      422,
    );
  });
});

describe('OpenSense simulator: ingest', () => {
  it('accepts a device token, deduplicates on (device, ts, channel), and the points become readable', async () => {
    const { postJson, get, sim } = await start();
    const { deviceId, channelId, sensors } = await firstChannel(get);
    const token = sim.deviceTokens[deviceId];
    const ts = '2026-05-17T11:59:30.123456Z';
    const body = {
      device: deviceId,
      ts,
      measurements: [{ type: String(sensors[0].kind), label: String(sensors[0].label), value: 4.25 }],
    };
    const first = await postJson('/v1/ingest', body, token);
    expect(first.body).toEqual({
      accepted: 1,
      deduplicated: 0,
      channels: [{ type: sensors[0].kind, label: sensors[0].label, channel_id: channelId }],
    });
    expect((await postJson('/v1/ingest', body, token)).body).toMatchObject({ accepted: 0, deduplicated: 1 });
    const rows = (
      (await get(`/v1/channels/${channelId}/measurements?from=${ts}&limit=1`)).body as unknown as Measurements
    ).data;
    expect(rows[0]).toEqual([ts, 4.25]);
    const history = ((await get(`/v1/channels/${channelId}/measurements?limit=1`)).body as unknown as Measurements)
      .data[0];
    expect((await postJson('/v1/ingest', { ...body, ts: history[0] }, token)).body).toMatchObject({
      accepted: 0,
      deduplicated: 1,
    });
  });

  it('refuses a user token (403), bad JSON (400), unknown kinds and impossible values (422), and more than 32 measurements', async () => {
    const { postJson, request, get, sim } = await start();
    const { deviceId } = await firstChannel(get);
    const token = sim.deviceTokens[deviceId];
    expect(
      (await postJson('/v1/ingest', { device: deviceId, measurements: [{ type: 'temperature', value: 1 }] })).status,
    ).toBe(403);
    const bad = await request('/v1/ingest', { method: 'POST', body: '{"device":', token });
    expect(bad.body).toMatchObject({ error: { code: 'bad_json' } });
    expect(
      (await postJson('/v1/ingest', { device: deviceId, measurements: [{ type: 'radiation', value: 1 }] }, token)).body,
    ).toMatchObject({ error: { code: 'unknown_kind' } });
    expect(
      (await postJson('/v1/ingest', { device: deviceId, measurements: [{ type: 'humidity', value: 140 }] }, token))
        .body,
    ).toMatchObject({ error: { code: 'out_of_range' } });
    const many = Array.from({ length: 33 }, () => ({ type: 'temperature', value: 1 }));
    expect((await postJson('/v1/ingest', { device: deviceId, measurements: many }, token)).body).toMatchObject({
      error: { code: 'invalid_measurement' },
    });
  });
});

describe('OpenSense simulator: faults', () => {
  it('flaky: deterministic rate_limited with Retry-After, 5xx and resets', async () => {
    const run = async () => {
      const { get } = await start({ faults: 'flaky', seed: 21 });
      return Promise.all(
        Array.from({ length: 40 }, () =>
          get('/v1/sites').then(
            (r) => `${r.status}:${r.res.headers.get('retry-after') ?? ''}`,
            () => 'reset',
          ),
        ),
      );
    };
    const first = await run();
    expect(first.some((o) => /^429:\d+$/.test(o))).toBe(true);
    expect(first.some((o) => o.startsWith('50'))).toBe(true);
    expect(first).toContain('reset');
    expect((await run()).sort()).toEqual(first.sort());
  }, 15_000);

  it('hostile: malformed values and duplicate timestamps among rows, and one oversized answer', async () => {
    const { sim, base } = await start({ faults: 'hostile', seed: 12 });
    const channelId = [...sim.truth()][0].key.replace('opensense/', '');
    const days = ['2026-05-14', '2026-05-15', '2026-05-16', '2026-05-17', '2026-05-13'];
    const answers = await Promise.all(
      days.map(async (day) => {
        const res = await fetch(`${base}/v1/channels/${channelId}/measurements?from=${day}T00:00:00Z&limit=1000`, {
          headers: { Authorization: `Bearer ${sim.credentials.token}` },
        }).catch(() => null);
        if (!res || res.status !== 200) return { rows: [], huge: false };
        if (Number(res.headers.get('content-length')) > 50_000_000) {
          await res.body?.cancel();
          return { rows: [], huge: true };
        }
        return { rows: ((await res.json()) as { data: [string, unknown][] }).data, huge: false };
      }),
    );
    expect(answers.some((a) => a.huge)).toBe(true);
    const rows = answers.flatMap((a) => a.rows);
    expect(rows.some(([, v]) => typeof v !== 'number' || v > 1e300 || v < -1e300)).toBe(true);
    const times = rows.map(([ts]) => ts);
    expect(new Set(times).size).toBeLessThan(times.length);
  });
});
