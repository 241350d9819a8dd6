import { afterEach, describe, expect, it } from 'vitest';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import {
  CALM_SEED,
  expectFinishedWithClearErrors,
  expectOnlyPlausiblePoints,
  hostileWorkspace,
  NOW,
  storedDigests,
  syncAll,
} from './hostile-rig';

const open: Simulators[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('a hostile vendor after a clean sync', () => {
  it('neither loses nor alters anything already stored', async () => {
    // The same seed and present: the same data, served cleanly first, then with hostile faults.
    const clean = await startSimulators({ seed: CALM_SEED, faults: 'none', now: NOW, scale: 'small' });
    const hostile = await startSimulators({ seed: CALM_SEED, faults: 'hostile', now: NOW, scale: 'small' });
    open.push(clean, hostile);
    const ws = hostileWorkspace(clean);
    // The clean sync stops a day before the present; the hostile one then pages over its end.
    const cutoff = (NOW - 86_400_000) * 1000;
    const first = await syncAll(ws, clean.baseUrls, cutoff);
    expect(first.map((r) => [r.accountName, r.state, r.error])).toEqual(first.map((r) => [r.accountName, 'ok', null]));
    const before = storedDigests(ws, cutoff);
    expect([...before.values()].reduce((n, d) => n + d.count, 0)).toBeGreaterThan(5000);

    const second = await syncAll(ws, hostile.baseUrls);
    expectFinishedWithClearErrors(second);
    expect(storedDigests(ws, cutoff)).toEqual(before);
    expectOnlyPlausiblePoints(ws);
    ws.close();
  });
});
