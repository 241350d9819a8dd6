/**
 * Searching a vendor's catalog of sources before discovering them (OpenDataSoft portals: datasets by
 * text and by the portal's facets, such as theme, publisher and keyword). Plain JSON: it crosses IPC.
 */

/** One facet value chosen to narrow a search: `theme` = `Environment`. */
export interface FacetChoice {
  facet: string;
  value: string;
}

export interface CatalogQuery {
  /** Full-text search; empty: every source. */
  text: string;
  /** Every choice must hold (values of one facet too: a dataset with both themes). */
  refine: FacetChoice[];
  offset: number;
}

export interface CatalogFacet {
  /** The vendor's facet name (`theme`, `publisher`, `keyword`). */
  name: string;
  /** Values among the sources the query matches, most frequent first; `count` is of sources. */
  values: { value: string; count: number; refined: boolean }[];
}

export interface CatalogHit {
  /** The source's ref, as discovery names it (an OpenDataSoft dataset id). */
  ref: string;
  title: string;
  publisher: string | null;
  themes: string[];
  /** What the vendor says it holds (OpenDataSoft `records_count`), where it says. */
  recordsCount: number | null;
  /** It has a time axis, so it can be synced. */
  timeSeries: boolean;
}

export interface CatalogPage {
  /** How many sources match in all (the hits are one page of them). */
  total: number;
  hits: CatalogHit[];
  /** Hits per page (CATALOG_PAGE_SIZE): the next page starts this much further. */
  pageSize: number;
  facets: CatalogFacet[];
}

/** Hits per page of a catalog search. */
export const CATALOG_PAGE_SIZE = 20;
