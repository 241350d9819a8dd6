import type { FaultMode, Scale, SimOptions } from './common/faults';
import { listen, type Listening } from './common/server';
import type { VendorSimulator } from './common/types';
import { createOpendatasoftSimulator } from './opendatasoft/index';
import { createOpensenseSimulator } from './opensense/index';
import { createOptiSimulator } from './opti/index';
import { createOpticloudSimulator } from './opticloud/index';
import { createRealtimeSimulator } from './realtime/index';

/** The five vendor simulators of docs/architecture.md "Simulators", one HTTP server each on 127.0.0.1. */

export const VENDORS = ['opti', 'opticloud', 'opendatasoft', 'realtime', 'opensense'] as const;
export type VendorId = (typeof VENDORS)[number];

export interface LaunchOptions {
  /** 0 (default) = free ports; N = ports N, N+1, … N+4 in VENDORS order. */
  port?: number;
  seed?: number;
  faults?: FaultMode;
  /** Pins the simulated present; default: the real clock. */
  now?: Date | number;
  scale?: Scale;
}

export interface Simulators {
  baseUrls: Record<VendorId, string>;
  credentials: Record<VendorId, Record<string, string>>;
  sims: Record<VendorId, VendorSimulator>;
  close(): Promise<void>;
}

const FACTORIES: Record<VendorId, (opts: SimOptions) => VendorSimulator> = {
  opti: createOptiSimulator,
  opticloud: createOpticloudSimulator,
  opendatasoft: createOpendatasoftSimulator,
  realtime: createRealtimeSimulator,
  opensense: createOpensenseSimulator,
};

export function simOptions(options: LaunchOptions = {}): SimOptions {
  const pinned = options.now === undefined ? null : new Date(options.now).getTime();
  if (pinned !== null && Number.isNaN(pinned)) throw new Error(`invalid now: ${String(options.now)}`);
  return {
    seed: options.seed ?? 1,
    faults: options.faults ?? 'none',
    now: pinned === null ? () => Date.now() : () => pinned,
    scale: options.scale ?? 'small',
  };
}

export async function startSimulators(options: LaunchOptions = {}): Promise<Simulators> {
  const opts = simOptions(options);
  const basePort = options.port ?? 0;
  const servers: Listening[] = [];
  const baseUrls = {} as Record<VendorId, string>;
  const credentials = {} as Record<VendorId, Record<string, string>>;
  const sims = {} as Record<VendorId, VendorSimulator>;
  try {
    for (const [i, vendor] of VENDORS.entries()) {
      const sim = FACTORIES[vendor](opts);
      const server = await listen(sim.handler, basePort === 0 ? 0 : basePort + i);
      servers.push(server);
      sims[vendor] = sim;
      baseUrls[vendor] = `http://127.0.0.1:${server.port}${sim.basePath}`;
      credentials[vendor] = sim.credentials;
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  return { baseUrls, credentials, sims, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}
