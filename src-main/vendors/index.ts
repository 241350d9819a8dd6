import type { Dispatcher } from 'undici';
import { createBudget } from '../http/budget';
import { createHttpClient, type HttpClient } from '../http/client';
import type { VendorCapabilities } from '../model/capabilities';
import { secretValues, type Account, type Message, type Secret, type VendorId } from '../model';
import type { Connector, VendorDefinition } from './connector';
import { opendatasoftVendor } from './opendatasoft';
import { optiVendor } from './opti';
import { opticloudVendor } from './opticloud';
import { opensenseVendor } from './opensense';
import { realtimeVendor } from './realtime';

export const vendors: Record<VendorId, VendorDefinition> = {
  opti: optiVendor,
  opticloud: opticloudVendor,
  opendatasoft: opendatasoftVendor,
  realtime: realtimeVendor,
  opensense: opensenseVendor,
};

/** What a vendor's connector can do: services ask this, never the vendor's id (DESIGN.md convention 14). */
export function capabilitiesOf(vendor: VendorId): VendorCapabilities {
  return vendors[vendor].capabilities;
}

export interface OpenConnectorOptions {
  dispatcher?: Dispatcher;
  /** The connector's idea of now (ms), injectable for tests; pacing and backoff always use the real clock. */
  now?: () => number;
  onThrottle?: (until: number, reason: Message) => void;
  log?: (line: string) => void;
}

export interface OpenedConnector {
  connector: Connector;
  http: HttpClient;
}

/** An account's connector on its own HTTP client: its budget, its vendor's policy, its secrets redacted. */
export function openConnector(account: Account, secret: Secret, options: OpenConnectorOptions = {}): OpenedConnector {
  const vendor = vendors[account.vendor];
  const now = options.now ?? Date.now;
  const http = createHttpClient({
    dispatcher: options.dispatcher,
    budget: createBudget(vendor.budget),
    secrets: () => secretValues(secret),
    policy: vendor.policy,
    onThrottle: options.onThrottle,
    log: options.log,
  });
  const connector = vendor.create({
    baseUrl: account.baseUrl.replace(/\/+$/, ''),
    secret,
    options: account.options,
    http,
    now,
  });
  return { connector, http };
}
