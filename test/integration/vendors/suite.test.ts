/**
 * The one connector suite (DESIGN.md convention 10), run against every simulator under `none` and
 * `flaky`: discovery, a full fetch equal to the simulator's data, auth failure, throttling obeyed.
 */
import { describe, expect, it } from 'vitest';
import { createBudget } from '../../../src-main/http/budget';
import { createHttpClient } from '../../../src-main/http/client';
import { VendorError } from '../../../src-main/http/errors';
import { vendors } from '../../../src-main/vendors';
import type { VendorId } from '../../../src-main/model';
import { listen } from '../../../src-main/simulators/common/server';
import type { FaultMode } from '../../../src-main/simulators/common/faults';
import { simOptions, VENDORS } from '../../../src-main/simulators';
import { createOpendatasoftSimulator } from '../../../src-main/simulators/opendatasoft';
import { createOpensenseSimulator } from '../../../src-main/simulators/opensense';
import { createOpticloudSimulator } from '../../../src-main/simulators/opticloud';
import { createOptiSimulator } from '../../../src-main/simulators/opti';
import { createRealtimeSimulator } from '../../../src-main/simulators/realtime';
import { expectSameAsTruth, syncFeeds, truthHeld, type Cursors, type Held } from './record-harness';

// Off the hour and inside a 15-minute window, as a real sync is: the newest records must come too.
const NOW = Date.parse('2026-11-20T12:07:30Z');
const FROM = (NOW - 40 * 86_400_000) * 1000;
const FACTORIES = {
  opti: createOptiSimulator,
  opticloud: createOpticloudSimulator,
  opendatasoft: createOpendatasoftSimulator,
  realtime: createRealtimeSimulator,
  opensense: createOpensenseSimulator,
};

/** A connector on the vendor's own budget and policy, counting every throttle it meets. */
async function connect(
  vendor: VendorId,
  faults: FaultMode,
  secretOverride?: (s: Record<string, string>) => Record<string, string>,
) {
  const sim = FACTORIES[vendor](simOptions({ seed: 21, faults, now: NOW, scale: 'small' }));
  const server = await listen(sim.handler);
  const secret = secretOverride ? secretOverride(sim.credentials) : sim.credentials;
  let throttles = 0;
  const definition = vendors[vendor];
  const http = createHttpClient({
    policy: definition.policy,
    budget: createBudget(definition.budget),
    secrets: () => Object.values(secret),
    baseBackoffMs: 50,
    onThrottle: () => throttles++,
  });
  const connector = definition.create({
    baseUrl: `http://127.0.0.1:${server.port}${sim.basePath}`,
    secret,
    options: {},
    http,
    now: () => NOW,
  });
  return {
    sim,
    connector,
    throttles: () => throttles,
    close: async () => {
      await http.close();
      await server.close();
    },
  };
}

describe.concurrent.each(VENDORS.flatMap((v) => (['none', 'flaky'] as const).map((f) => [v, f] as const)))(
  '%s connector (faults: %s)',
  (vendor, faults) => {
    it(
      'discovers streams with DESIGN.md keys and fetches every one equal to the simulator',
      { timeout: 240_000 },
      async () => {
        const rig = await connect(vendor, faults);
        try {
          const discovery = await rig.connector.discover();
          expect(discovery.streams.length).toBeGreaterThan(0);
          for (const s of discovery.streams) {
            expect(s.key.startsWith(`${vendor}/`), s.key).toBe(true);
            expect(s.name.length, s.key).toBeGreaterThan(0);
            expect(['number', 'enum', 'text']).toContain(s.kind);
            expect(Object.hasOwn(discovery.feeds, s.feed), s.key).toBe(true);
          }
          const held: Held = new Map();
          const cursors: Cursors = new Map();
          await syncFeeds(rig.connector, discovery, held, cursors, { from: FROM });
          expectSameAsTruth(held, truthHeld(rig.sim.truth(), FROM));
          // Without faults the vendor's documented rate is never exceeded: not one 429.
          if (faults === 'none') expect(rig.throttles()).toBe(0);
        } finally {
          await rig.close();
        }
      },
    );

    it('reports a rejected credential as the account failing, without echoing it', { timeout: 120_000 }, async () => {
      const wrong = (s: Record<string, string>) =>
        Object.fromEntries(
          Object.entries(s).map(([k, v]) => [
            k,
            k === 'tenant' || k === 'username' ? v : `${v.slice(0, 3)}wrong${v.length}`,
          ]),
        );
      const rig = await connect(vendor, faults, (s) => wrong(Object.keys(s).length ? s : { apikey: 'x' }));
      try {
        const err = await rig.connector.testConnection().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(VendorError);
        expect((err as VendorError).action).toBe('fail-account');
        for (const v of Object.values(wrong(rig.sim.credentials)))
          if (v.length >= 4) expect((err as Error).message).not.toContain(v);
      } finally {
        await rig.close();
      }
    });
  },
);
