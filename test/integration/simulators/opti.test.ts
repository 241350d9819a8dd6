import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simOptions } from '../../../src-main/simulators/index';
import { WINDOW_MS, idOfTime } from '../../../src-main/simulators/opti/catalog';
import { createOptiSimulator, type OptiSimulator } from '../../../src-main/simulators/opti/index';
import { request, requestPatiently, serve, type Served } from './test-http';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const TICKS_AT_UNIX_EPOCH = 621355968000000000n;
const MAX_TICKS = 3155378975999999999n;

interface DataPoint {
  id: string;
  timeValue: string;
  value: { resourceId: number; value: unknown }[];
}
interface Page<T> {
  Items: T[];
  Count: number;
  NextPageLink?: string;
}
interface DatastreamEntry {
  id: number;
  resourceId: number;
  validFrom: string;
  title: string;
}

/** Follows NextPageLink verbatim until it is absent; returns every page. */
async function followChain<T>(first: string, fetcher = request): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for (let url: string | undefined = first; url !== undefined;) {
    const reply = await fetcher(url);
    expect(reply.status).toBe(200);
    const page = JSON.parse(reply.body) as Page<T>;
    pages.push(page);
    url = page.NextPageLink;
    expect(pages.length).toBeLessThan(500);
  }
  return pages;
}

function msOfTimeValue(text: string): number {
  return Date.parse(text.replace(/(\.\d{3})\d{4}/, '$1'));
}

describe('Opti Public API simulator', () => {
  let sim: OptiSimulator;
  let served: Served;
  let key: string;
  const url = (path: string, params: Record<string, string | number> = {}): string => {
    const q = new URLSearchParams({
      key,
      ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    });
    return `${served.base}${path}?${q.toString()}`;
  };

  beforeAll(async () => {
    sim = createOptiSimulator(simOptions({ seed: 7, now: NOW }), { ratePerSecond: 10_000, burst: 10_000 });
    served = await serve(sim.handler);
    key = sim.credentials.key;
  });
  afterAll(() => served.server.close());

  it('refuses a missing or wrong key with 401 and a key that may not see a stream with 403', async () => {
    const missing = await request(`${served.base}/api/Datastream`);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ Message: 'Authorization has been denied for this request.' });
    expect((await request(`${served.base}/api/Datastream?key=nope`)).status).toBe(401);

    const hidden = sim.streams().find((s) => !s.visibleToAccountKey);
    expect(hidden).toBeDefined();
    expect((await request(url('/api/DataPoint', { dataStreamId: hidden?.id ?? 0 }))).status).toBe(403);

    const restricted = await request(`${served.base}/api/Datastream?key=${sim.restrictedKey}`);
    const restrictedIds = new Set((JSON.parse(restricted.body) as Page<DatastreamEntry>).Items.map((i) => i.id));
    const notForRestricted = sim.streams().find((s) => s.visibleToAccountKey && !restrictedIds.has(s.id));
    expect(notForRestricted).toBeDefined();
    expect(
      (await request(`${served.base}/api/DataPoint?key=${sim.restrictedKey}&dataStreamId=${notForRestricted?.id}`))
        .status,
    ).toBe(403);
  });

  it('answers 400, 404, 405 and 406 where the request is wrong', async () => {
    expect((await request(url('/api/DataPoint'))).status).toBe(400);
    expect((await request(url('/api/DataPoint', { dataStreamId: 1 }))).status).toBe(404);
    const stream = sim.streams()[0].id;
    expect((await request(url('/api/DataPoint', { dataStreamId: stream, historicalId: 'abc' }))).status).toBe(400);
    expect((await request(url('/api/DataPoint', { dataStreamId: stream, verbosity: 'chatty' }))).status).toBe(400);
    expect((await request(url('/api/DataPoint', { dataStreamId: stream, utcHistorical: 'yesterday' }))).status).toBe(
      400,
    );
    expect((await request(url('/api/Nothing'))).status).toBe(404);
    expect((await request(url('/api/Datastream'), { method: 'POST' })).status).toBe(405);
    expect(
      (await request(url('/api/Datastream'), { headers: { Accept: 'application/vhd.optirtc-v2+json' } })).status,
    ).toBe(406);
    const v1 = await request(url('/api/Datastream'), { headers: { Accept: 'application/vhd.optirtc-v1+json' } });
    expect(v1.status).toBe(200);
    expect(v1.headers.get('content-type')).toContain('application/vhd.optirtc-v1+json');
  });

  it('matches paths case-insensitively, with or without a trailing slash, and sends CORS headers', async () => {
    for (const path of ['/api/Datastream', '/API/DATASTREAM/', '/api/datastream']) {
      const reply = await request(url(path));
      expect(reply.status).toBe(200);
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    }
    const preflight = await request(`${served.base}/api/DataPoint`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('lists a renamed stream twice, with two resources and one validFrom without offset, and pages Datastreams', async () => {
    const all = (await followChain<DatastreamEntry>(url('/api/Datastream', { top: 2 }))).flatMap((p) => p.Items);
    const visible = sim.streams().filter((s) => s.visibleToAccountKey);
    expect(all.length).toBe(visible.reduce((n, s) => n + s.resources.length, 0));
    const counts = new Map<number, DatastreamEntry[]>();
    for (const e of all) counts.set(e.id, [...(counts.get(e.id) ?? []), e]);
    const renamed = [...counts.values()].filter((v) => v.length === 2);
    expect(renamed).toHaveLength(1);
    const [older, newer] = renamed[0];
    expect(older.resourceId).not.toBe(newer.resourceId);
    expect(older.title).not.toBe(newer.title);
    expect(all.some((e) => !/(Z|[+-]\d\d:\d\d)$/.test(e.validFrom))).toBe(true);

    const atBeforeRename = await request(url('/api/Datastream', { at: '2025-01-01T00:00:00Z' }));
    const idsThen = (JSON.parse(atBeforeRename.body) as Page<DatastreamEntry>).Items.filter((e) => e.id === older.id);
    expect(idsThen.map((e) => e.resourceId)).toEqual([older.resourceId]);
  });

  it('follows the NextPageLink chain to exactly the truth: newest first, ids from .NET ticks, 7 fractional digits, last 3 days only', async () => {
    const truth = new Map([...sim.truth()].map((t) => [t.key, [...t.points()]]));
    for (const stream of sim.streams().filter((s) => s.visibleToAccountKey)) {
      const pages = await followChain<DataPoint>(url('/api/DataPoint', { dataStreamId: stream.id, top: 300 }));
      expect('NextPageLink' in pages[pages.length - 1]).toBe(false);
      for (const page of pages) {
        expect(page.Count).toBe(page.Items.length);
        if (page.NextPageLink)
          expect(page.NextPageLink).toMatch(
            new RegExp(
              `^http://127\\.0\\.0\\.1:\\d+/api/datapoint/\\?key=${key}&dataStreamId=${stream.id}&top=300&skiptoken=${page.Items[page.Items.length - 1].id}$`,
            ),
          );
      }
      const points = pages.flatMap((p) => p.Items);
      const ids = points.map((p) => BigInt(p.id));
      for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
      for (const p of points) {
        expect(p.timeValue).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}(\+00:00|Z)$/);
        const ms = msOfTimeValue(p.timeValue);
        expect(BigInt(p.id)).toBe(MAX_TICKS - (TICKS_AT_UNIX_EPOCH + BigInt(ms) * 10_000n));
        expect(BigInt(p.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(NOW - WINDOW_MS);
        expect(ms).toBeLessThan(NOW);
      }
      const expected = truth.get(`opti/${stream.id}`) ?? [];
      expect(points.length).toBe(expected.length);
      const served = points
        .map((p) => ({ ts: msOfTimeValue(p.timeValue) * 1000, value: p.value[0].value }))
        .reverse()
        .map((p) => ({ ts: p.ts, value: stream.style === 'numeric-string' ? Number(p.value) : p.value }));
      expect(served).toEqual(expected);
      if (stream.resources.length === 2) expect(new Set(points.map((p) => p.value[0].resourceId)).size).toBe(2);
    }
  });

  it('serves numbers, numeric strings and words', async () => {
    const kinds = new Set<string>();
    for (const stream of sim.streams().filter((s) => s.visibleToAccountKey)) {
      const page = JSON.parse(
        (await request(url('/api/DataPoint', { dataStreamId: stream.id, top: 5 }))).body,
      ) as Page<DataPoint>;
      for (const p of page.Items) {
        const v = p.value[0].value;
        kinds.add(typeof v === 'number' ? 'number' : /^-?\d+(\.\d+)?$/.test(String(v)) ? 'numeric-string' : 'word');
      }
    }
    expect([...kinds].sort()).toEqual(['number', 'numeric-string', 'word']);
  });

  it('filters by historicalId (incremental sync), modernId and US-style utc dates', async () => {
    const stream = sim.streams()[1];
    const newest = JSON.parse(
      (await request(url('/api/DataPoint', { dataStreamId: stream.id, top: 10 }))).body,
    ) as Page<DataPoint>;
    const newestId = BigInt(newest.Items[0].id);
    const nothingNewer = JSON.parse(
      (await request(url('/api/DataPoint', { dataStreamId: stream.id, historicalId: String(newestId - 1n) }))).body,
    ) as Page<DataPoint>;
    expect(nothingNewer.Items).toEqual([]);
    expect('NextPageLink' in nothingNewer).toBe(false);

    const fourth = newest.Items[3];
    const newer = JSON.parse(
      (await request(url('/api/DataPoint', { dataStreamId: stream.id, historicalId: String(BigInt(fourth.id) - 1n) })))
        .body,
    ) as Page<DataPoint>;
    expect(newer.Items.map((p) => p.id)).toEqual(newest.Items.slice(0, 3).map((p) => p.id));

    const older = JSON.parse(
      (await request(url('/api/DataPoint', { dataStreamId: stream.id, modernId: fourth.id, top: 2 }))).body,
    ) as Page<DataPoint>;
    expect(older.Items[0].id).toBe(fourth.id);

    const day = new Date(NOW - 86_400_000);
    const usDate = `${day.getUTCMonth() + 1}/${day.getUTCDate()}/${day.getUTCFullYear()}`;
    const since = (
      await followChain<DataPoint>(url('/api/DataPoint', { dataStreamId: stream.id, utcHistorical: usDate }))
    ).flatMap((p) => p.Items);
    const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    expect(since.every((p) => msOfTimeValue(p.timeValue) >= midnight)).toBe(true);
    expect(since[since.length - 1].id).toBe(
      idOfTime(Math.min(...since.map((p) => msOfTimeValue(p.timeValue)))).toString(),
    );
  });

  it('answers top=1 with a bare DataPoint for some streams and a page for others, and lists verbosities', async () => {
    const shapes = new Set<string>();
    for (const stream of sim.streams().filter((s) => s.visibleToAccountKey)) {
      const body = JSON.parse(
        (await request(url('/api/DataPoint', { dataStreamId: stream.id, top: 1 }))).body,
      ) as Record<string, unknown>;
      shapes.add('Items' in body ? 'page' : 'id' in body ? 'bare' : 'other');
    }
    expect([...shapes].sort()).toEqual(['bare', 'page']);

    const verbosities = JSON.parse((await request(url('/api/DataPointVerbosity'))).body) as {
      name: string;
      isDefault: boolean;
    }[];
    expect(verbosities.map((v) => v.name).sort()).toEqual(['display', 'identity']);
    const display = JSON.parse(
      (await request(url('/api/DataPoint', { dataStreamId: sim.streams()[0].id, top: 2, verbosity: 'display' }))).body,
    ) as Page<Record<string, unknown>>;
    expect(display.Items[0]).toHaveProperty('networkStatus');
    expect((display.Items[0].value as Record<string, unknown>[])[0]).toHaveProperty('quality');
  });
});

describe('Opti throttling and faults', () => {
  it('throttles a client that hammers, even with faults=none: 429, Retry-After in seconds, text/html "Too Many Requests"', async () => {
    const sim = createOptiSimulator(simOptions({ seed: 7, now: NOW }), { ratePerSecond: 5, burst: 10 });
    const served = await serve(sim.handler);
    try {
      const replies = await Promise.all(
        Array.from({ length: 30 }, () => request(`${served.base}/api/Datastream?key=${sim.credentials.key}`)),
      );
      const throttled = replies.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(15);
      expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(10);
      expect(throttled[0].headers.get('retry-after')).toMatch(/^\d+$/);
      expect(throttled[0].headers.get('content-type')).toContain('text/html');
      expect(throttled[0].body).toContain('Too Many Requests');
      expect(sim.requestCount()).toBe(30);
    } finally {
      await served.server.close();
    }
  });

  it('flaky: the same seed gives the same mix of 429, 5xx and resets', async () => {
    const outcomes = async (): Promise<string[]> => {
      const sim = createOptiSimulator(simOptions({ seed: 11, faults: 'flaky', now: NOW }), {
        ratePerSecond: 10_000,
        burst: 10_000,
      });
      const served = await serve(sim.handler);
      const seen: string[] = [];
      try {
        for (let i = 0; i < 25; i++) {
          try {
            seen.push(
              String((await request(`${served.base}/api/DataPointVerbosity?key=${sim.credentials.key}`)).status),
            );
          } catch {
            seen.push('reset');
          }
        }
      } finally {
        await served.server.close();
      }
      return seen;
    };
    const first = await outcomes();
    expect(first).toEqual(await outcomes());
    expect(first.filter((o) => o !== '200').length).toBeGreaterThan(0);
  }, 60_000);

  it('hostile: malformed values (NaN, Infinity, 12,5, 1e400) and absurd Retry-After, truth leaving malformed points out', async () => {
    const sim = createOptiSimulator(simOptions({ seed: 5, faults: 'hostile', now: NOW, scale: 'small' }), {
      ratePerSecond: 10_000,
      burst: 10_000,
    });
    const served = await serve(sim.handler);
    try {
      const key = sim.credentials.key;
      const raw: string[] = [];
      let valid = 0;
      let expected = 0;
      const truth = new Map([...sim.truth()].map((t) => [t.key, [...t.points()].length]));
      for (const stream of sim.streams().filter((s) => s.visibleToAccountKey && s.style === 'number')) {
        for (
          let next: string | undefined = `${served.base}/api/DataPoint?key=${key}&dataStreamId=${stream.id}&top=1000`;
          next;
        ) {
          const reply = await requestPatiently(next);
          raw.push(reply.body);
          const page = JSON.parse(reply.body) as Page<DataPoint>;
          valid += page.Items.filter(
            (p) => typeof p.value[0].value === 'number' && Number.isFinite(p.value[0].value),
          ).length;
          next = page.NextPageLink;
        }
        expected += truth.get(`opti/${stream.id}`) ?? 0;
      }
      const all = raw.join('');
      for (const bad of ['"NaN"', '"Infinity"', '"12,5"', ':1e400']) expect(all).toContain(bad);
      expect(valid).toBe(expected);

      let absurd = false;
      for (let i = 0; i < 300 && !absurd; i++) {
        try {
          const r = await request(`${served.base}/api/DataPointVerbosity?key=${key}`);
          absurd = r.status === 429 && !/^[1-3]$/.test(r.headers.get('retry-after') ?? '');
        } catch {
          // resets are part of hostile
        }
      }
      expect(absurd).toBe(true);
    } finally {
      await served.server.close();
    }
  }, 60_000);
});
