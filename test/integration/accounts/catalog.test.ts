/**
 * Choosing what syncs from an OpenDataSoft portal's catalog: search by text and facets, pick a dataset
 * (discovered then, series and all), nothing selected on a portal of more than 50 datasets, and series
 * fields remembered per dataset so that discovery detects them again only when its fields change.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { pickFromCatalog, searchCatalog } from '../../../src-main/accounts/catalog';
import { selectionState, setSeriesFields } from '../../../src-main/accounts/selection';
import { listSources, listStreams } from '../../../src-main/store/catalog';
import { listSeriesFields, saveDetectedSeriesFields } from '../../../src-main/store/series';
import { discoverAccount } from '../../../src-main/sync/discover';
import { simOptions } from '../../../src-main/simulators';
import { listen, type Listening } from '../../../src-main/simulators/common/server';
import { createOpendatasoftSimulator } from '../../../src-main/simulators/opendatasoft';
import { addSimulatorAccount, testWorkspace } from '../../helpers/workspace';

const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

/** A portal (plus `extraDatasets` reference tables) and an account on it; `paths` records every request. */
async function portal(extraDatasets = 0) {
  const sim = createOpendatasoftSimulator(simOptions({ seed: 5, scale: 'small' }), { extraDatasets });
  const paths: string[] = [];
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    paths.push(decodeURIComponent(req.url ?? ''));
    return sim.handler(req, res);
  });
  open.push(server);
  const ws = testWorkspace();
  const account = addSimulatorAccount(ws, 'opendatasoft', `http://127.0.0.1:${server.port}${sim.basePath}`, {});
  return { ws, account, paths };
}

const keysOf = (ws: ReturnType<typeof testWorkspace>, accountId: string) =>
  listStreams(ws.db, { accountId }).map((s) => s.key);
/** The requests that read a sample of records to detect series fields. */
const samples = (paths: string[]) =>
  paths.filter((p) => p.includes('/records?') && p.includes('limit=100') && !p.includes('group_by'));

describe('the OpenDataSoft catalog in "Choose what to sync"', () => {
  it('searches by text and a facet, and discovers a picked dataset alone, looked into', async () => {
    const { ws, account, paths } = await portal();
    const found = await searchCatalog(ws, account.id, {
      text: 'air',
      refine: [{ facet: 'theme', value: 'Health' }],
      offset: 0,
    });
    expect(found.total).toBe(1);
    expect(found.hits).toEqual([
      {
        ref: 'air-quality-stations',
        title: 'Air quality - Lyon stations (30 min)',
        publisher: 'ATMO Auvergne-Rhône-Alpes',
        themes: ['Environment', 'Health'],
        recordsCount: expect.any(Number),
        timeSeries: true,
        discovered: false,
      },
    ]);
    expect(found.facets.map((f) => f.name)).toEqual(['theme', 'publisher', 'keyword']);
    expect(found.facets[0].values).toEqual([
      { value: 'Environment', count: 1, refined: false },
      { value: 'Health', count: 1, refined: true },
    ]);
    // Two requests: the page of datasets and the facets, with the same where and refine.
    expect(paths).toHaveLength(2);
    for (const p of paths) expect(p).toContain('where="air"&refine=theme:"Health"');

    paths.length = 0;
    const picked = await pickFromCatalog(ws, account.id, ['air-quality-stations']);
    expect(listSources(ws.db, account.id).map((s) => s.vendorRef)).toEqual(['air-quality-stations']);
    expect(keysOf(ws, account.id)).toContain('opendatasoft/air-quality-stations/no2/Gerland');
    expect(picked).toMatchObject({ streams: 12, selected: 12 });
    // The dataset, a sample of its records, and the listing of its series.
    expect(paths).toHaveLength(3);
    const again = await searchCatalog(ws, account.id, { text: 'air', refine: [], offset: 0 });
    expect(again.hits.map((h) => [h.ref, h.discovered])).toEqual([
      ['air-quality-stations', true],
      ['air-quality-hourly-long', false],
    ]);
  });

  it('on a portal of more than 50 datasets, selects nothing until the user chooses, even a picked dataset', async () => {
    const { ws, account } = await portal(50);
    const found = await discoverAccount(ws, account);
    expect(listSources(ws.db, account.id)).toHaveLength(55);
    expect(found.streams).toBeGreaterThan(0);
    expect(found.selected).toBe(0);
    expect(selectionState(ws, account.id)).toMatchObject({ selected: 0, newStreams: 'exclude' });
    const page = await searchCatalog(ws, account.id, {
      text: '',
      refine: [{ facet: 'keyword', value: 'bicycle' }],
      offset: 0,
    });
    expect([page.total, page.hits.length, page.pageSize]).toEqual([13, 13, 20]);
    await pickFromCatalog(ws, account.id, ['air-quality-stations']);
    expect(keysOf(ws, account.id)).toContain('opendatasoft/air-quality-stations/no2/Gerland');
    expect(selectionState(ws, account.id).selected).toBe(0);
  });

  it('on a portal of 50 datasets or fewer, selects everything', async () => {
    const { ws, account } = await portal(45);
    const found = await discoverAccount(ws, account);
    expect(listSources(ws.db, account.id)).toHaveLength(50);
    expect(found.selected).toBe(found.streams);
  });
});

describe('series fields remembered per dataset', () => {
  it('are detected once, again only when the fields change, and the user’s choice wins', async () => {
    const { ws, account, paths } = await portal();
    await discoverAccount(ws, account);
    expect(samples(paths)).toHaveLength(4);
    expect(listSeriesFields(ws.db, account.id).find((r) => r.sourceRef === 'air-quality-hourly-long')).toEqual({
      sourceRef: 'air-quality-hourly-long',
      detected: { signature: expect.stringContaining('station:text,polluant:text'), fields: ['station', 'polluant'] },
      chosen: null,
    });

    paths.length = 0;
    await discoverAccount(ws, account);
    expect(samples(paths)).toEqual([]);
    expect(keysOf(ws, account.id)).toContain('opendatasoft/air-quality-hourly-long/valeur/FR20062%20Gerland/O3');

    // Fields other than the ones detected on: detected again, for that dataset only.
    saveDetectedSeriesFields(ws.db, account.id, 'air-quality-stations', 'measured_at:datetime,station:text', [
      'station',
    ]);
    paths.length = 0;
    await discoverAccount(ws, account);
    expect(samples(paths)).toHaveLength(1);
    expect(samples(paths)[0]).toContain('/air-quality-stations/');

    setSeriesFields(ws, account.id, 'opendatasoft/air-quality-hourly-long', ['polluant']);
    paths.length = 0;
    await discoverAccount(ws, account);
    expect(samples(paths)).toEqual([]);
    const keys = keysOf(ws, account.id);
    expect(keys).toContain('opendatasoft/air-quality-hourly-long/valeur/O3');
    expect(listSeriesFields(ws.db, account.id).find((r) => r.sourceRef === 'air-quality-hourly-long')).toMatchObject({
      chosen: ['polluant'],
      detected: { fields: ['station', 'polluant'] },
    });
  });
});
