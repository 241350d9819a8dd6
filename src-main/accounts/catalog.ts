/** Searching an account's catalog (an OpenDataSoft portal's datasets) and picking sources from it. */
import type { Dispatcher } from 'undici';
import { UserError } from '../model';
import type { CatalogHit, CatalogPage, CatalogQuery } from '../model/catalog';
import { listSources } from '../store/catalog';
import { discoverSources, withConnector, type DiscoverSummary } from '../sync/discover';
import { vendors } from '../vendors';
import type { Workspace } from '../workspace';
import { requireAccount } from '.';

export interface CatalogResults extends CatalogPage {
  /** `discovered`: the source is already listed with its streams. */
  hits: (CatalogHit & { discovered: boolean })[];
}

interface Options {
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

function catalogAccount(ws: Workspace, accountId: string) {
  const account = requireAccount(ws, accountId);
  if (!vendors[account.vendor].capabilities.catalogSearch)
    throw new UserError('accounts.noCatalogSearch', { vendor: vendors[account.vendor].label });
  return account;
}

/** One page of the catalog matching the text and facet choices, with the facets' counts. */
export async function searchCatalog(
  ws: Workspace,
  accountId: string,
  query: CatalogQuery,
  options: Options = {},
): Promise<CatalogResults> {
  const account = catalogAccount(ws, accountId);
  const page = await withConnector(ws, account, options, async (connector) => {
    if (!connector.catalog) throw new UserError('accounts.noCatalogSearch', { vendor: vendors[account.vendor].label });
    return connector.catalog.search(query, options.signal);
  });
  const known = new Set(listSources(ws.db, account.id).map((s) => s.vendorRef));
  return { ...page, hits: page.hits.map((h) => ({ ...h, discovered: known.has(h.ref) })) };
}

/** Sources picked from a search: discovered (looked into) now, so their streams can be chosen. */
export function pickFromCatalog(
  ws: Workspace,
  accountId: string,
  refs: readonly string[],
  options: Options = {},
): Promise<DiscoverSummary> {
  return discoverSources(ws, catalogAccount(ws, accountId), refs, options);
}
