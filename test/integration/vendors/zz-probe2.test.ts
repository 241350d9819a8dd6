import { it } from 'vitest';
import { opensenseVendor } from '../../../src-main/vendors/opensense';
import { createOpensenseSimulator } from '../../simulators/opensense';
import { startRig, syncFeeds, type Held } from './record-harness';
const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
it('os hostile', async () => {
  const sim = createOpensenseSimulator({ seed: 9, faults: 'hostile', now: () => NOW, scale: 'small' });
  const rig = await startRig(opensenseVendor, sim, NOW);
  try {
    const { connector } = rig.connect();
    const d = await connector.discover();
    await syncFeeds(connector, d, new Map() as Held, new Map(), { from: (NOW - 10 * 86_400_000) * 1000 });
  } catch (e) { console.log((e as Error).stack); } finally { await rig.server.close(); }
});
