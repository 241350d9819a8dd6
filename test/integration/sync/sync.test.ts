import { afterEach, describe, expect, it } from 'vitest';
import { vendorIds } from '../../../src-main/model';
import { listAccounts } from '../../../src-main/store/catalog';
import { runHistory } from '../../../src-main/store/status';
import { syncAccounts } from '../../../src-main/sync/engine';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import { addSimulatorAccount, compareWithTruth, testWorkspace } from '../../helpers/workspace';

const NOW = Date.parse('2026-11-20T12:00:00Z');

let sims: Simulators | null = null;
afterEach(async () => {
  await sims?.close();
  sims = null;
});

describe.each(['none', 'flaky'] as const)('tributary sync against all five simulators (faults: %s)', (faults) => {
  it('ends with the local copy equal to the simulators data, stream by stream', { timeout: 400_000 }, async () => {
    sims = await startSimulators({ seed: 11, faults, now: NOW, scale: 'small' });
    const ws = testWorkspace({ now: () => NOW });
    for (const vendor of vendorIds)
      addSimulatorAccount(ws, vendor, sims.baseUrls[vendor], sims.credentials[vendor] as Record<string, string>);
    // Backfill from 40 days back: every simulator's small history fits (Realtime and OpenSense would
    // otherwise walk a year of empty windows at their request budgets).
    const from = (NOW - 40 * 86_400_000) * 1000;
    const results = await syncAccounts(ws, null, { from });
    for (const r of results)
      expect({ account: r.accountName, state: r.state, error: r.error, failures: r.failures }).toEqual({
        account: r.accountName,
        state: 'ok',
        error: null,
        failures: [],
      });
    for (const vendor of vendorIds) {
      const rows = compareWithTruth(ws, sims.sims[vendor].truth());
      expect(rows.length, vendor).toBeGreaterThan(0);
      for (const row of rows) expect(row.stored, `${row.key}`).toEqual(row.expected);
    }
    // A second sync finds nothing new and duplicates nothing.
    const again = await syncAccounts(ws, null, { from });
    expect(again.map((r) => [r.accountName, r.state, r.pointsAdded, r.error]).sort()).toEqual(
      vendorIds.map((v) => [v, 'ok', 0, null]).sort(),
    );
    expect(
      listAccounts(ws.db)
        .flatMap((a) => runHistory(ws.db, a.id))
        .map((r) => r.state),
    ).toEqual(Array(10).fill('ok'));
  });
});
