import { afterEach, describe, expect, it } from 'vitest';
import { vendorIds } from '../../../src-main/model';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import {
  CALM_SEED,
  expectFinishedWithClearErrors,
  expectOnlyPlausiblePoints,
  hostileWorkspace,
  NOW,
  syncAll,
} from './hostile-rig';

let sims: Simulators | null = null;
afterEach(async () => {
  await sims?.close();
  sims = null;
});

describe('a sync of all five vendors against hostile simulators', () => {
  it('finishes, stores only plausible points and says which feeds failed and why', async () => {
    // NaN / "12,5" / {} / 1e308 for numbers, duplicate times, points in 1901 and 2999, a 60 MB body,
    // absurd Retry-Afters, flaky transport on top.
    sims = await startSimulators({ seed: CALM_SEED, faults: 'hostile', now: NOW, scale: 'small' });
    const ws = hostileWorkspace(sims);
    const results = await syncAll(ws);
    expectFinishedWithClearErrors(results);
    expect(results.map((r) => r.accountName).sort()).toEqual([...vendorIds].sort());
    // Each vendor still delivered the bulk of its data, and the hostile values were counted, not stored.
    for (const r of results) expect(r.pointsAdded, r.accountName).toBeGreaterThan(100);
    expect(results.reduce((n, r) => n + r.rejected, 0)).toBeGreaterThan(0);
    expectOnlyPlausiblePoints(ws);
    ws.close();
  });
});
