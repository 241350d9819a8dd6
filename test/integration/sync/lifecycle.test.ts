import { describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../src-main/simulators/common/server';
import { createOptiSimulator } from '../../../src-main/simulators/opti';
import { gapsOf } from '../../../src-main/store/status';
import { listStreams, metaHistory } from '../../../src-main/store/catalog';
import { syncAccounts } from '../../../src-main/sync/engine';
import { addSimulatorAccount, testWorkspace } from '../../helpers/workspace';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T12:00:00Z');

/** An Opti simulator whose present is `now`, on a given port (0 = any), so it can be stopped and restarted. */
async function opti(now: number, port = 0): Promise<{ server: Listening; baseUrl: string; key: string }> {
  const sim = createOptiSimulator({ seed: 4, faults: 'none', now: () => now, scale: 'small' });
  const server = await listen(sim.handler, port);
  return { server, baseUrl: `http://127.0.0.1:${server.port}${sim.basePath}`, key: sim.credentials.key };
}

describe('sync over time', () => {
  it('says which interval Opti lost for good when the last sync is older than its 3 days', async () => {
    let now = T0;
    const ws = testWorkspace({ now: () => now });
    const first = await opti(T0);
    addSimulatorAccount(ws, 'opti', first.baseUrl, { key: first.key });
    const [r1] = await syncAccounts(ws, null);
    expect(r1.state).toBe('ok');
    expect(r1.lost).toEqual([]);
    const port = first.server.port;
    await first.server.close();

    // Five days later: the two days after the first sync's data are gone at the vendor.
    now = T0 + 5 * DAY;
    const later = await opti(now, port);
    try {
      const [r2] = await syncAccounts(ws, null);
      expect(r2.state).toBe('ok');
      const streams = listStreams(ws.db).filter((s) => s.kind === 'number');
      expect(r2.lost.length).toBeGreaterThan(0);
      for (const lost of r2.lost) {
        expect(lost.to).toBe((now - 3 * DAY) * 1000);
        expect(lost.from).toBeLessThanOrEqual(T0 * 1000);
        expect(lost.from).toBeGreaterThan((T0 - DAY) * 1000);
      }
      // The chart shows it: a recorded gap covers the lost interval (merged with any hole after it).
      const gaps = gapsOf(ws.db, streams[0].id);
      expect(
        gaps.some((g) => g.to >= (now - 3 * DAY) * 1000 && g.from <= T0 * 1000 && /Lost for good/.test(g.reason)),
      ).toBe(true);
    } finally {
      await later.server.close();
    }
  });

  it('keeps a renamed stream under one key with its metadata history', async () => {
    const ws = testWorkspace({ now: () => T0 });
    const sim = await opti(T0);
    try {
      addSimulatorAccount(ws, 'opti', sim.baseUrl, { key: sim.key });
      await syncAccounts(ws, null);
      const renamed = listStreams(ws.db).filter((s) => metaHistory(ws.db, s.id).length > 1);
      expect(renamed.length).toBe(1);
      const history = metaHistory(ws.db, renamed[0].id);
      expect(history[0].name).not.toBe(history[1].name);
      expect(renamed[0].name).toBe(history[history.length - 1].name);
    } finally {
      await sim.server.close();
    }
  });

  it('pauses when the vendor cannot be reached, loses nothing, and resumes when it answers again', async () => {
    const ws = testWorkspace({ now: () => T0 });
    const sim = await opti(T0);
    addSimulatorAccount(ws, 'opti', sim.baseUrl, { key: sim.key });
    const [ok] = await syncAccounts(ws, null, { to: (T0 - DAY) * 1000 });
    expect(ok.state).toBe('ok');
    const stored = listStreams(ws.db).length;
    const port = sim.server.port;
    await sim.server.close();

    const [down] = await syncAccounts(ws, null);
    expect(down.offline).toBe(true);
    expect(down.state).toBe('failed');
    expect(down.error).toMatch(/No answer from 127\.0\.0\.1:\d+: connection refused/);
    expect(listStreams(ws.db).length).toBe(stored);

    const back = await opti(T0, port);
    try {
      const [resumed] = await syncAccounts(ws, null);
      expect(resumed.state).toBe('ok');
      expect(resumed.offline).toBe(false);
      expect(resumed.pointsAdded).toBeGreaterThan(0);
    } finally {
      await back.server.close();
    }
  }, 120_000);
});
