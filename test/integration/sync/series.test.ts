/**
 * An OpenDataSoft dataset of several stations syncs into one stream per station and field, every
 * value equal to the simulator's; the simulator's deliberate collision is counted, not dropped silently.
 */
import { afterEach, expect, it } from 'vitest';
import { changeSelection } from '../../../src-main/accounts/selection';
import { streamByKey } from '../../../src-main/store/catalog';
import { discoverAccount } from '../../../src-main/sync/discover';
import { syncAccounts } from '../../../src-main/sync/engine';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import { addSimulatorAccount, compareWithTruth, testWorkspace } from '../../helpers/workspace';

const NOW = Date.parse('2026-11-20T12:00:00Z');
let sims: Simulators | null = null;
afterEach(async () => {
  await sims?.close();
  sims = null;
});

it(
  'syncs each station and pollutant into streams of their own, equal to the simulator, collisions counted',
  { timeout: 120_000 },
  async () => {
    sims = await startSimulators({ seed: 3, now: NOW, scale: 'small' });
    const ws = testWorkspace({ now: () => NOW });
    addSimulatorAccount(ws, 'opendatasoft', sims.baseUrls.opendatasoft, sims.credentials.opendatasoft);
    const [result] = await syncAccounts(ws, null);
    expect(result).toMatchObject({ state: 'ok', error: null });

    const truth = [...sims.sims.opendatasoft.truth()];
    const stations = truth.filter((t) => t.key.startsWith('opendatasoft/air-quality-stations/no2/')).map((t) => t.key);
    expect(stations.sort()).toEqual([
      'opendatasoft/air-quality-stations/no2/Gerland',
      'opendatasoft/air-quality-stations/no2/Lyon%20Centre',
      'opendatasoft/air-quality-stations/no2/Villeurbanne',
    ]);
    expect(truth.filter((t) => t.key.startsWith('opendatasoft/air-quality-hourly-long/valeur/'))).toHaveLength(6);
    expect(streamByKey(ws.db, 'opendatasoft/air-quality-hourly-long/valeur/FR20062%20Gerland/O3')?.name).toBe(
      'Valeur (FR20062 Gerland, O3)',
    );
    for (const row of compareWithTruth(ws, truth)) expect(row.stored, row.key).toEqual(row.expected);

    // The second record of Lyon Centre at one time: one collision on each of its streams, none elsewhere.
    for (const field of ['no2', 'pm10', 'quality', 'calibrated'])
      expect(streamByKey(ws.db, `opendatasoft/air-quality-stations/${field}/Lyon%20Centre`)?.collisions, field).toBe(1);
    expect(streamByKey(ws.db, 'opendatasoft/air-quality-stations/no2/Gerland')?.collisions).toBe(0);
    expect(streamByKey(ws.db, 'opendatasoft/air-quality-stations/calibrated/Gerland')?.kind).toBe('number');
    expect(streamByKey(ws.db, 'opendatasoft/air-quality-stations/quality/Gerland')?.kind).toBe('text');
  },
);

it('counts a collision whose two records fall on two pages of the records paging', { timeout: 120_000 }, async () => {
  sims = await startSimulators({ seed: 3, now: NOW, scale: 'small' });
  const ws = testWorkspace({ now: () => NOW });
  const account = addSimulatorAccount(ws, 'opendatasoft', sims.baseUrls.opendatasoft, sims.credentials.opendatasoft);
  await discoverAccount(ws, account);
  changeSelection(ws, account.id, { target: 'all', selected: false });
  changeSelection(ws, account.id, { target: ['opendatasoft/air-quality-stations'], selected: true });

  // Where the collision is (the time of four records), and the time 99 records before it.
  const records = `${sims.baseUrls.opendatasoft}/api/explore/v2.1/catalog/datasets/air-quality-stations/records`;
  const times = async (query: string) =>
    (
      (await (await fetch(`${records}?select=measured_at&limit=100&${query}`)).json()) as {
        results: { measured_at: string }[];
      }
    ).results.map((r) => r.measured_at);
  const first = [...(await times('order_by=measured_at')), ...(await times('order_by=measured_at&offset=100'))];
  const collision = first.find((t) => first.filter((u) => u === t).length === 4) as string;
  expect(collision).toBeDefined();
  const before = await times(
    `order_by=measured_at desc&where=${encodeURIComponent(`measured_at < date'${collision}'`)}`,
  );
  const start = before[98];

  // A first sync up to that time; the next one pages through /records from it: 99 records, then the
  // collision's first record make a page of 100, and its second record opens the next page.
  await syncAccounts(ws, null, { to: Date.parse(start) * 1000 });
  for (const field of ['no2', 'pm10', 'quality', 'calibrated'])
    expect(streamByKey(ws.db, `opendatasoft/air-quality-stations/${field}/Lyon%20Centre`)?.collisions, field).toBe(0);
  const [result] = await syncAccounts(ws, null);
  expect(result).toMatchObject({ state: 'ok', error: null });
  for (const field of ['no2', 'pm10', 'quality', 'calibrated'])
    expect(streamByKey(ws.db, `opendatasoft/air-quality-stations/${field}/Lyon%20Centre`)?.collisions, field).toBe(1);
  expect(streamByKey(ws.db, 'opendatasoft/air-quality-stations/no2/Gerland')?.collisions).toBe(0);
  const truth = [...sims.sims.opendatasoft.truth()].filter((t) =>
    t.key.startsWith('opendatasoft/air-quality-stations/'),
  );
  for (const row of compareWithTruth(ws, truth)) expect(row.stored, row.key).toEqual(row.expected);
});
