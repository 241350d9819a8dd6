/** The OpenDataSoft simulator's catalog search: where/refine/exclude on datasets, facet counts, paging limits. */
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../src-main/simulators/common/server';
import { createOpendatasoftSimulator, type OpendatasoftTuning } from '../../../src-main/simulators/opendatasoft/index';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const CATALOG = '/api/explore/v2.1/catalog';
const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

interface Facets {
  facets: { name: string; facets: { name: string; value: string; count: number; state: string }[] }[];
}
interface Page {
  total_count: number;
  results: { dataset_id: string; metas: { default: Record<string, unknown> } }[];
}

async function start(tuning: OpendatasoftTuning = {}) {
  const sim = createOpendatasoftSimulator({ seed: 7, faults: 'none', scale: 'small', now: () => NOW }, tuning);
  const listening = await listen(sim.handler);
  open.push(listening);
  const base = `http://127.0.0.1:${listening.port}${sim.basePath}${CATALOG}`;
  const auth = { Authorization: `Apikey ${sim.credentials.apikey}` };
  const get = async <T>(path: string, params: [string, string][] = [], headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}?${new URLSearchParams(params).toString()}`, { headers });
    return { status: res.status, body: (await res.json()) as T };
  };
  return { get, auth };
}

const ids = (page: Page) => page.results.map((d) => d.dataset_id);
const counts = (body: Facets, facet: string) =>
  Object.fromEntries(body.facets.find((f) => f.name === facet)?.facets.map((v) => [v.value, v.count]) ?? []);

describe('OpenDataSoft simulator: catalog search', () => {
  it('finds datasets by full text (accents and case ignored), by refine and exclude, and with a where on a facet', async () => {
    const { get } = await start();
    expect(ids((await get<Page>('/datasets', [['where', '"air quality"']])).body)).toEqual([
      'air-quality-stations',
      'air-quality-hourly-long',
    ]);
    expect(ids((await get<Page>('/datasets', [['where', 'search("METEO")']])).body)).toEqual(['weather-observations']);
    const refined = await get<Page>('/datasets', [
      ['refine', 'theme:"Environment"'],
      ['refine', 'theme:Health'],
    ]);
    expect(refined.body).toMatchObject({ total_count: 1 });
    expect(ids(refined.body)).toEqual(['air-quality-stations']);
    expect(refined.body.results[0].metas.default).toMatchObject({
      publisher: 'ATMO Auvergne-Rhône-Alpes',
      theme: ['Environment', 'Health'],
      keyword: ['air quality', 'pollution'],
    });
    expect(
      ids(
        (
          await get<Page>('/datasets', [
            ['refine', 'theme:Environment'],
            ['exclude', 'keyword:pollution'],
          ])
        ).body,
      ),
    ).toEqual(['weather-observations', 'river-levels']);
    expect(ids((await get<Page>('/datasets', [['where', 'publisher = "Météo-France"']])).body)).toEqual([
      'weather-observations',
    ]);
  });

  it('counts facet values in datasets the query matches and the caller may see; refined and excluded values say so', async () => {
    const { get, auth } = await start();
    const all = (await get<Facets>('/facets')).body;
    expect(all.facets.map((f) => f.name)).toEqual(['features', 'publisher', 'theme', 'keyword', 'language']);
    // A dataset of two themes counts under each; the private energy meter is not counted anonymously.
    expect(counts(all, 'theme')).toEqual({ Environment: 4, Health: 1, Transport: 1, 'Urban planning': 1 });
    expect(counts((await get<Facets>('/facets', [], auth)).body, 'theme')).toMatchObject({ Energy: 1 });
    // Most frequent first, then by name.
    expect(all.facets.find((f) => f.name === 'publisher')?.facets.map((v) => v.value)).toEqual([
      'ATMO Auvergne-Rhône-Alpes',
      'Compagnie Nationale du Rhône',
      'Météo-France',
      'Métropole de Lyon',
    ]);
    const narrowed = (
      await get<Facets>('/facets', [
        ['facet', 'theme'],
        ['facet', 'keyword'],
        ['where', '"air"'],
        ['refine', 'theme:Health'],
        ['exclude', 'keyword:flood'],
      ])
    ).body;
    expect(narrowed.facets.map((f) => f.name)).toEqual(['theme', 'keyword']);
    expect(narrowed.facets[0].facets).toEqual([
      { name: 'Environment', value: 'Environment', count: 1, state: 'displayed' },
      { name: 'Health', value: 'Health', count: 1, state: 'refined' },
    ]);
    expect(narrowed.facets[1].facets).toContainEqual({ name: 'flood', value: 'flood', count: 0, state: 'excluded' });
  });

  it('refuses what the portal refuses: an unknown facet, bad ODSQL, limit over 100, offset + limit over 10000', async () => {
    const { get } = await start({ extraDatasets: 150 });
    expect(await get('/facets', [['facet', 'colour']])).toMatchObject({
      status: 400,
      body: { error_code: 'InvalidRESTParameterError' },
    });
    expect(await get('/datasets', [['refine', 'colour:red']])).toMatchObject({
      status: 400,
      body: { error_code: 'InvalidRESTParameterError' },
    });
    expect(await get('/datasets', [['where', 'title LIKE "x"']])).toMatchObject({
      status: 400,
      body: { error_code: 'ODSQLError' },
    });
    expect(await get('/datasets', [['limit', '101']])).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('-1 <= limit <= 100') },
    });
    expect(
      await get('/datasets', [
        ['limit', '100'],
        ['offset', '9950'],
      ]),
    ).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('10050 was found but <= 10000') },
    });
    // A large portal pages: 155 datasets, 100 at most per page.
    const first = (await get<Page>('/datasets', [['limit', '100']])).body;
    const second = (
      await get<Page>('/datasets', [
        ['limit', '100'],
        ['offset', '100'],
      ])
    ).body;
    expect([first.total_count, first.results.length, second.results.length]).toEqual([155, 100, 55]);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(155);
    const bicycles = (
      await get<Facets>('/facets', [
        ['facet', 'keyword'],
        ['refine', 'theme:Transport'],
      ])
    ).body;
    expect(counts(bicycles, 'keyword')).toMatchObject({ bicycle: 38, parking: 37, river: 1 });
  });
});
