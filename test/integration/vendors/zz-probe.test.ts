import { it } from 'vitest';
import { opendatasoftVendor } from '../../../src-main/vendors/opendatasoft';
import { realtimeVendor } from '../../../src-main/vendors/realtime';
import { opensenseVendor } from '../../../src-main/vendors/opensense';
import { createOpendatasoftSimulator } from '../../simulators/opendatasoft';
import { createRealtimeSimulator } from '../../simulators/realtime';
import { createOpensenseSimulator } from '../../simulators/opensense';
import { startRig, truthHeld } from './record-harness';
const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const FROM = (NOW - 10 * 86_400_000) * 1000;
for (const faults of ['hostile'] as const) {
  for (const [name, vendor, make] of [
    ['ods', opendatasoftVendor, createOpendatasoftSimulator],
    ['rt', realtimeVendor, createRealtimeSimulator],
    ['os', opensenseVendor, createOpensenseSimulator],
  ] as const) {
    it(`${name} ${faults}`, async () => {
      const sim = make({ seed: 9, faults, now: () => NOW, scale: 'small' });
      const rig = await startRig(vendor, sim, NOW);
      const t0 = Date.now();
      const held = new Map<string, Map<number, unknown>>();
      let rejected = 0; const errors: string[] = [];
      try {
        const { connector } = rig.connect();
        const d = await connector.discover();
        for (const [feedId, remote] of Object.entries(d.feeds)) {
          const streams = d.streams.filter((s) => s.feed === feedId).map((s) => ({ key: s.key, remote: s.remote }));
          let cursor: string | null = null;
          try {
            for (let i = 0; i < 1000; i++) {
              const page = await connector.fetchPage({ feed: { id: feedId, remote, streams }, cursor, from: FROM });
              rejected += page.rejected ?? 0;
              for (const [k, pts] of Object.entries(page.points)) { const m = held.get(k) ?? new Map(); held.set(k, m); for (const p of pts) if (!m.has(p.ts)) m.set(p.ts, p.value); }
              cursor = page.cursor; if (page.done) break;
            }
          } catch (e) { errors.push(`${feedId}: ${(e as Error).name} ${(e as Error).message}`); }
        }
        const want = truthHeld(sim.truth(), FROM, NOW * 1000);
        let missing = 0, wrong = 0, extra = 0;
        for (const [k, m] of want) { const g = held.get(k) ?? new Map(); for (const [ts, v] of m) { if (!g.has(ts)) missing++; else if (g.get(ts) !== v) wrong++; } for (const ts of g.keys()) if (!m.has(ts)) extra++; }
        console.log(name, faults, 'rejected', rejected, 'missing', missing, 'wrong', wrong, 'extra', extra, 'ms', Date.now() - t0, 'requests', rig.requests(), '\n  ' + errors.join('\n  '));
      } catch (e) {
        console.log(name, faults, 'FAILED', (e as Error).name, (e as Error).message, 'ms', Date.now() - t0);
      } finally { await rig.server.close(); }
    }, 200_000);
  }
}
