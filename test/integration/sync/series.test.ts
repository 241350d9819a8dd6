/**
 * An OpenDataSoft dataset of several stations syncs into one stream per station and field, every
 * value equal to the simulator's; the simulator's deliberate collision is counted, not dropped silently.
 */
import { afterEach, expect, it } from 'vitest';
import { streamByKey } from '../../../src-main/store/catalog';
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
