/** Discovery is cheap: it saves sources and streams without fetching points, in few requests per vendor. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listSources, listStreams } from '../../../src-main/store/catalog';
import { streamOverview } from '../../../src-main/store/status';
import { discoverAccount } from '../../../src-main/sync/discover';
import { simOptions, VENDORS } from '../../../src-main/simulators';
import { listen } from '../../../src-main/simulators/common/server';
import { createOpendatasoftSimulator } from '../../../src-main/simulators/opendatasoft';
import { createOpensenseSimulator } from '../../../src-main/simulators/opensense';
import { createOpticloudSimulator } from '../../../src-main/simulators/opticloud';
import { createOptiSimulator } from '../../../src-main/simulators/opti';
import { createRealtimeSimulator } from '../../../src-main/simulators/realtime';
import { addSimulatorAccount, testWorkspace } from '../../helpers/workspace';

const FACTORIES = {
  opti: createOptiSimulator,
  opticloud: createOpticloudSimulator,
  opendatasoft: createOpendatasoftSimulator,
  realtime: createRealtimeSimulator,
  opensense: createOpensenseSimulator,
};

/**
 * The requests discovery makes, from what it found: the listing calls each connector's `discover` needs
 * (Opti asks each stream's latest point to learn its interval; optiCLOUD logs in, then lists devices and
 * each one's keys and latest values; OpenSense lists sites and each site's devices and sensors).
 */
const EXPECTED_REQUESTS: Record<(typeof VENDORS)[number], (sources: number, streams: number) => number> = {
  opti: (_sources, streams) => 1 + streams,
  opticloud: (sources) => 3 + 2 * sources,
  // The catalog page, then per dataset with text fields a sample of records, where it holds
  // several series (two in the simulator) the `group_by` listing them, and where it has a
  // geo_point_2d field (one) the newest record's place.
  opendatasoft: () => 1 + 5 + 2 + 1,
  // Systems, sensors, and the sensor type names.
  realtime: () => 3,
  opensense: (sources) => 1 + sources,
};

describe.each(VENDORS)('discovery on the %s simulator', (vendor) => {
  it('saves every stream, fetches no point, and makes only its listing requests', { timeout: 60_000 }, async () => {
    const sim = FACTORIES[vendor](simOptions({ seed: 5, scale: 'small' }));
    const paths: string[] = [];
    const server = await listen((req: IncomingMessage, res: ServerResponse) => {
      paths.push(req.url ?? '');
      return sim.handler(req, res);
    });
    try {
      const ws = testWorkspace();
      const account = addSimulatorAccount(
        ws,
        vendor,
        `http://127.0.0.1:${server.port}${sim.basePath}`,
        sim.credentials,
      );
      const found = await discoverAccount(ws, account);
      const keys = new Set(listStreams(ws.db, { accountId: account.id }).map((s) => s.key));
      for (const t of sim.truth()) expect(keys.has(t.key), t.key).toBe(true);
      expect(found).toMatchObject({ streams: keys.size, selected: keys.size });
      expect(streamOverview(ws.db).reduce((n, s) => n + s.pointCount, 0)).toBe(0);
      const sources = listSources(ws.db, account.id).length;
      expect(paths.length, paths.join('\n')).toBe(EXPECTED_REQUESTS[vendor](sources, keys.size));
    } finally {
      await server.close();
    }
  });
});
