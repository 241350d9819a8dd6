import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../src-main/simulators/common/server';
import type { FaultMode, Scale } from '../../../src-main/simulators/common/faults';
import { createOpendatasoftSimulator, type OpendatasoftTuning } from '../../../src-main/simulators/opendatasoft/index';
import { countSamples, outageOf } from '../../../src-main/simulators/opendatasoft/datasets';
import { inOutage, sampleTimes } from '../../../src-main/simulators/common/signals';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const EXPLORE = '/api/explore/v2.1/catalog/datasets';
const open: Listening[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

async function start(options: { scale?: Scale; faults?: FaultMode; seed?: number } & OpendatasoftTuning = {}) {
  const { scale = 'small', faults = 'none', seed = 7, ...tuning } = options;
  const sim = createOpendatasoftSimulator({ seed, faults, scale, now: () => NOW }, tuning);
  const listening = await listen(sim.handler);
  open.push(listening);
  const base = `http://127.0.0.1:${listening.port}${sim.basePath}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
  const auth = { Authorization: `ApiKey ${sim.credentials.apikey}` };
  return { sim, base, get, auth };
}

interface Page {
  total_count: number;
  results: Record<string, unknown>[];
}

describe('OpenDataSoft simulator: catalog and auth', () => {
  it('hides the private dataset from anonymous callers and shows it with a key, in any scheme case or as ?apikey=', async () => {
    const { get, auth, sim } = await start();
    const ids = async (res: Response) => ((await res.json()) as Page).results.map((d) => d.dataset_id);
    expect(await ids(await get(EXPLORE))).toEqual([
      'weather-observations',
      'river-levels',
      'air-quality-stations',
      'air-quality-hourly-long',
      'city-parks',
    ]);
    expect(await ids(await get(EXPLORE, auth))).toContain('site-energy-meters');
    expect(await ids(await get(EXPLORE, { authorization: `APIKEY ${sim.credentials.apikey}` }))).toContain(
      'site-energy-meters',
    );
    expect(await ids(await get(`${EXPLORE}?apikey=${sim.credentials.apikey}`))).toContain('site-energy-meters');
  });

  it('answers 401 for a private dataset without a key and for a wrong key', async () => {
    const { get, auth } = await start();
    const denied = await get(`${EXPLORE}/site-energy-meters/records`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error_code: expect.any(String), message: expect.any(String) });
    expect((await get(`${EXPLORE}/site-energy-meters/records`, auth)).status).toBe(200);
    const wrong = await get(EXPLORE, { Authorization: 'Apikey wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('x-ratelimit-limit')).toBe('100000');
  });

  it('describes fields with their types and answers 404 for an unknown dataset', async () => {
    const { get } = await start();
    const weather = (await (await get(`${EXPLORE}/weather-observations`)).json()) as {
      fields: { name: string; type: string }[];
      metas: { default: { records_count: number } };
    };
    expect(weather.fields.map((f) => f.type)).toEqual([
      'datetime',
      'text',
      'geo_point_2d',
      'double',
      'int',
      'double',
      'double',
    ]);
    expect(weather.metas.default.records_count).toBeGreaterThan(100);
    const missing = await get(`${EXPLORE}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error_code: 'NotFound' });
  });

  it('lists attachments and serves them', async () => {
    const { get, base } = await start();
    const list = (await (await get(`${EXPLORE}/weather-observations/attachments`)).json()) as {
      attachments: { href: string; metas: { title: string } }[];
    };
    expect(list.attachments[0].metas.title).toBe('station-metadata.csv');
    const file = await fetch(`${base.replace(/\/$/, '')}${list.attachments[0].href}`);
    expect(await file.text()).toContain('Lyon-Bron');
  });
});

describe('OpenDataSoft simulator: records', () => {
  it('refuses limit > 100 and offset + limit > 10000 with the portal messages', async () => {
    const { get } = await start();
    const tooMany = await get(`${EXPLORE}/river-levels/records?limit=101`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({
      error_code: 'InvalidRESTParameterError',
      message: 'Invalid value for limit API parameter: 101 was found but -1 <= limit <= 100 is expected.',
    });
    const tooFar = await get(`${EXPLORE}/river-levels/records?limit=100&offset=9950`);
    expect(await tooFar.json()).toEqual({
      error_code: 'InvalidRESTParameterError',
      message: 'Invalid value for sum of offset + limit API parameter: 10050 was found but <= 10000 is expected.',
    });
  });

  it('returns flat records, 10 by default, with the official client trailing slash and + for spaces', async () => {
    const { get } = await start();
    const page = (await (
      await get(
        `${EXPLORE}/weather-observations/records/?order_by=observed_at+desc&select=observed_at,temperature,location`,
      )
    ).json()) as Page;
    expect(page.results).toHaveLength(10);
    expect(Object.keys(page.results[0])).toEqual(['observed_at', 'temperature', 'location']);
    expect(page.results[0].observed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\+00:00$/);
    expect(Date.parse(String(page.results[0].observed_at))).toBeLessThanOrEqual(NOW);
    expect(Date.parse(String(page.results[0].observed_at))).toBeGreaterThan(
      Date.parse(String(page.results[9].observed_at)),
    );
    expect(page.results[0].location).toEqual({ lon: expect.any(Number), lat: expect.any(Number) });
  });

  it('filters with date literals, > and >=, and; counts what matches; refuses other ODSQL', async () => {
    const { get } = await start();
    const at = '2026-05-15T10:00:00Z';
    const query = (where: string) =>
      get(`${EXPLORE}/weather-observations/records?limit=5&where=${encodeURIComponent(where)}`);
    const after = (await (await query(`observed_at > date'${at}'`)).json()) as Page;
    const from = (await (
      await query(`observed_at >= date'${at}' and observed_at < date'2026-05-15T12:00:00Z'`)
    ).json()) as Page;
    expect(Date.parse(String(after.results[0].observed_at))).toBe(Date.parse(at) + 3_600_000);
    expect(from.results.map((r) => r.observed_at)).toEqual(['2026-05-15T10:00:00+00:00', '2026-05-15T11:00:00+00:00']);
    expect(from.total_count).toBe(2);
    const residual = (await (await query(`temperature > 12 and observed_at >= date'2026-05-14'`)).json()) as Page;
    expect(residual.results.every((r) => Number(r.temperature) > 12)).toBe(true);
    for (const bad of [
      'observed_at >> 3',
      'nope > 1',
      "observed_at > date'yesterday'",
      'temperature > 1 or humidity < 3',
    ]) {
      const res = await query(bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error_code: string }).error_code).toBe('ODSQLError');
    }
  });

  it('refines by text field and by datetime month', async () => {
    const { get } = await start();
    const may = (await (
      await get(`${EXPLORE}/weather-observations/records?refine=observed_at:2026/05&refine=station:Lyon-Bron&limit=1`)
    ).json()) as Page;
    const all = (await (await get(`${EXPLORE}/weather-observations/records?limit=1`)).json()) as Page;
    expect(may.total_count).toBe(
      (
        (await (
          await get(
            `${EXPLORE}/weather-observations/records?limit=1&where=${encodeURIComponent("observed_at >= date'2026-05-01'")}`,
          )
        ).json()) as Page
      ).total_count,
    );
    expect(may.total_count).toBeLessThanOrEqual(all.total_count);
    const none = (await (await get(`${EXPLORE}/weather-observations/records?refine=station:Elsewhere`)).json()) as Page;
    expect(none.total_count).toBe(0);
  });

  it('holds more than 10,000 records at medium scale: time-windowed paging gets every point of the truth', async () => {
    const { get, sim } = await start({ scale: 'medium' });
    const first = (await (await get(`${EXPLORE}/river-levels/records?limit=1`)).json()) as Page;
    expect(first.total_count).toBeGreaterThan(10_000);
    const levels: [number, number][] = [];
    let after = '1970-01-01T00:00:00Z';
    for (;;) {
      const where = encodeURIComponent(`timestamp > date'${after}'`);
      const page = (await (
        await get(
          `${EXPLORE}/river-levels/records?select=timestamp,level_m&where=${where}&order_by=timestamp&limit=100`,
        )
      ).json()) as Page;
      for (const r of page.results) levels.push([Date.parse(String(r.timestamp)) * 1000, Number(r.level_m)]);
      if (page.results.length < 100) break;
      after = String(page.results[page.results.length - 1].timestamp);
    }
    const truth = [...sim.truth()].find((s) => s.key === 'opendatasoft/river-levels/level_m');
    expect(levels).toEqual([...(truth?.points() ?? [])].map((p) => [p.ts, p.value]));
  });
});

describe('OpenDataSoft simulator: exports', () => {
  it('exports everything as CSV with a BOM and semicolons, and as JSON Lines, without the 10,000 cap', async () => {
    const { get, sim } = await start({ scale: 'medium' });
    const csv = await (await get(`${EXPLORE}/river-levels/exports/csv`)).arrayBuffer();
    const text = Buffer.from(csv).toString('utf8');
    expect([...Buffer.from(csv).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('timestamp;gauge;level_m;flow_m3s');
    const truthCount = [
      ...([...sim.truth()].find((s) => s.key === 'opendatasoft/river-levels/flow_m3s')?.points() ?? []),
    ].length;
    expect(lines.length - 1).toBe(truthCount);
    expect(truthCount).toBeGreaterThan(10_000);
    const jsonl = (
      await (
        await get(`${EXPLORE}/river-levels/exports/jsonl?where=${encodeURIComponent("timestamp >= date'2026-05-16'")}`)
      ).text()
    )
      .trim()
      .split('\n');
    expect(JSON.parse(jsonl[0]) as Record<string, unknown>).toMatchObject({
      timestamp: '2026-05-16T00:00:00+00:00',
      gauge: 'V3000015',
    });
    expect((await get(`${EXPLORE}/river-levels/exports/xlsx`)).status).toBe(400);
  });

  it('answers the minimal v1 search', async () => {
    const { get } = await start();
    const body = (await (
      await get('/api/records/1.0/search/?dataset=weather-observations&rows=2&sort=observed_at')
    ).json()) as {
      nhits: number;
      records: { datasetid: string; fields: Record<string, unknown> }[];
    };
    expect(body.nhits).toBeGreaterThan(100);
    expect(body.records[0].datasetid).toBe('weather-observations');
    expect(Date.parse(String(body.records[0].fields.observed_at))).toBeGreaterThan(
      Date.parse(String(body.records[1].fields.observed_at)),
    );
  });
});

describe('OpenDataSoft simulator: quota and faults', () => {
  it('sends X-RateLimit headers and answers 429 with the quota body once the daily quota is spent, until midnight UTC', async () => {
    let clock = Date.UTC(2026, 4, 17, 23, 59, 0);
    const { get, auth } = await start({ dailyQuota: 2, clock: () => clock });
    const ok = await get(EXPLORE, auth);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('2');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(ok.headers.get('x-ratelimit-reset')).toBe(String(Date.UTC(2026, 4, 18) / 1000));
    await get(EXPLORE, auth);
    const over = await get(EXPLORE, auth);
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({
      errorcode: 10002,
      reset_time: '2026-05-18T00:00:00Z',
      limit_time_unit: 'day',
      call_limit: 2,
      error: expect.any(String),
    });
    expect(((await (await get(EXPLORE)).json()) as Page).total_count).toBe(5);
    clock += 120_000;
    expect((await get(EXPLORE, auth)).status).toBe(200);
  });

  it('flaky: deterministic 429s, 5xx, resets and a slow answer', async () => {
    const began = Date.now();
    const outcomes = async () => {
      const { get } = await start({ faults: 'flaky', seed: 3 });
      return Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          get(`${EXPLORE}/weather-observations/records?limit=1&offset=${i}`)
            .then(
              async (r) =>
                `${r.status}:${r.status === 429 ? JSON.stringify(Object.keys((await r.json()) as object)) : (await r.text()).length > 0}`,
            )
            .catch(() => 'reset'),
        ),
      );
    };
    const first = await outcomes();
    expect(first.some((o) => o.startsWith('429:["errorcode","reset_time"'))).toBe(true);
    expect(first.some((o) => /^50[023]/.test(o))).toBe(true);
    expect(first).toContain('reset');
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    expect((await outcomes()).sort()).toEqual(first.sort());
  }, 15_000);

  it('hostile: malformed values in records and one oversized response', async () => {
    const { get } = await start({ faults: 'hostile', seed: 11 });
    const statuses: string[] = [];
    const values: unknown[] = [];
    for (let offset = 0; offset < 2000 && statuses.length < 25; offset += 100) {
      try {
        const res = await get(`${EXPLORE}/river-levels/records?limit=100&offset=${offset}`);
        statuses.push(`${res.status}:${res.headers.get('content-length')}`);
        if (Number(res.headers.get('content-length')) > 50_000_000) {
          await res.body?.cancel();
          continue;
        }
        if (res.status === 200) values.push(...((await res.json()) as Page).results.map((r) => r.level_m));
      } catch {
        statuses.push('reset');
      }
    }
    expect(statuses.some((s) => Number(s.split(':')[1]) > 60_000_000)).toBe(true);
    expect(values.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v > 1e300)).toBe(true);
  }, 15_000);
});

describe('OpenDataSoft simulator: lazy series', () => {
  it('counts samples week by week exactly as walking them does', () => {
    for (const seed of [1, 2, 3]) {
      const from = Date.UTC(2026, 0, 3, 5);
      const to = Date.UTC(2026, 3, 1);
      expect(countSamples(seed, 600_000, from, to)).toBe([...sampleTimes(seed, 600_000, from, to)].length);
      const week = Math.floor(Date.UTC(2026, 1, 1) / (7 * 86_400_000));
      const outage = outageOf(seed, week);
      if (outage) expect(inOutage(seed, outage[0] + 1)).toBe(true);
    }
  });
});
