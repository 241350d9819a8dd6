import type { Dispatcher } from 'undici';
import { UserError } from '../model';
import { listSources, listStreams, type AccountRow } from '../store/catalog';
import { newStreamRule, selectionCounts, setNewStreamRule } from '../store/selection';
import { listSeriesFields } from '../store/series';
import type { Db } from '../store/db';
import type { Connector, Discovery, DiscoveryMemory } from '../vendors/connector';
import { openConnector } from '../vendors';
import type { Workspace } from '../workspace';
import { persistDiscovery, type PersistedDiscovery } from './persist';

export interface DiscoveryOutcome extends PersistedDiscovery {
  discovery: Discovery;
}

/**
 * Asks the vendor what the account holds (sources, streams, metadata; no points) and saves it. Streams
 * seen for the first time follow the account's rule; an account without one takes the connector's
 * default (nothing on a large OpenDataSoft catalog) and keeps it.
 */
export async function runDiscovery(
  ws: Workspace,
  account: AccountRow,
  connector: Connector,
  signal?: AbortSignal,
): Promise<DiscoveryOutcome> {
  const streams = listStreams(ws.db, { accountId: account.id });
  const sources = new Map(listSources(ws.db, account.id).map((s) => [s.id, s.vendorRef]));
  const focus = new Set(
    streams.flatMap((s) => (s.selected && s.sourceId !== null ? [sources.get(s.sourceId) ?? ''] : [])),
  );
  const discovery = await connector.discover(signal, focus, discoveryMemory(ws.db, account.id));
  let rule = newStreamRule(ws.db, account.id);
  if (rule === null) {
    rule = discovery.defaultNewStreams ?? 'include';
    setNewStreamRule(ws.db, account.id, rule);
  }
  const persisted = persistDiscovery(ws.db, account, discovery, ws.now(), rule === 'include');
  return { ...persisted, discovery };
}

/** What the account remembers of its sources' series, for the connector. */
export function discoveryMemory(db: Db, accountId: string): DiscoveryMemory {
  return new Map(listSeriesFields(db, accountId).map((r) => [r.sourceRef, { detected: r.detected, chosen: r.chosen }]));
}

export interface DiscoverSummary {
  accountName: string;
  streams: number;
  selected: number;
}

/** Discovery on demand (`streams --discover`, the "Choose what to sync" panel), without a sync. */
export async function discoverAccount(
  ws: Workspace,
  account: AccountRow,
  options: { signal?: AbortSignal; dispatcher?: Dispatcher } = {},
): Promise<DiscoverSummary> {
  await withConnector(ws, account, options, (connector) => runDiscovery(ws, account, connector, options.signal));
  return discoverSummary(ws, account);
}

/**
 * Discovers some sources only, looked into as sources the user syncs from (datasets picked from a
 * catalog search, which a large catalog's discovery does not look into, or has not listed yet).
 */
export async function discoverSources(
  ws: Workspace,
  account: AccountRow,
  refs: readonly string[],
  options: { signal?: AbortSignal; dispatcher?: Dispatcher } = {},
): Promise<DiscoverSummary> {
  await withConnector(ws, account, options, async (connector) => {
    if (!connector.catalog) throw new UserError('accounts.noCatalog', { name: account.name });
    const rule = newStreamRule(ws.db, account.id) ?? 'include';
    for (const ref of refs) {
      const discovery = await connector.catalog.discoverSource(ref, options.signal, discoveryMemory(ws.db, account.id));
      persistDiscovery(ws.db, account, discovery, ws.now(), rule === 'include', 'sources');
    }
  });
  return discoverSummary(ws, account);
}

/** Runs `work` with the account's connector, closed after it. */
export async function withConnector<T>(
  ws: Workspace,
  account: AccountRow,
  options: { dispatcher?: Dispatcher },
  work: (connector: Connector) => Promise<T>,
): Promise<T> {
  if (account.removedAt) throw new UserError('accounts.removed', { name: account.name });
  const secret = ws.vault.read(account);
  if (!secret) throw new UserError('accounts.noSecret', { name: account.name });
  const { connector, http } = openConnector(account, secret, { dispatcher: options.dispatcher, now: ws.now });
  try {
    return await work(connector);
  } finally {
    await http.close();
  }
}

function discoverSummary(ws: Workspace, account: AccountRow): DiscoverSummary {
  ws.events.emit('store:changed', { reason: 'discovery' });
  const counts = selectionCounts(ws.db, account.id);
  return { accountName: account.name, streams: counts.total, selected: counts.selected };
}
