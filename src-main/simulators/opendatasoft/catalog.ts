import type { Dataset } from './datasets';
import { OdsqlError } from './odsql';

/**
 * The portal's catalog search: `where` (full text, or `facet = "value"`), `refine` and `exclude`
 * (`facet:value`), and the facet counts `/catalog/facets` answers. Counts are of datasets (a dataset
 * with two themes counts under each) among those the caller may see and the query matches.
 */

/** Facets of the catalog, in the order the portal lists them when no `facet` is asked for. */
export const CATALOG_FACETS = ['features', 'publisher', 'theme', 'keyword', 'language'] as const;
type FacetName = (typeof CATALOG_FACETS)[number];

export interface FacetValue {
  name: string;
  value: string;
  count: number;
  state: 'displayed' | 'refined' | 'excluded';
}

/** A dataset's values of each facet. */
export function facetValues(dataset: Dataset): Record<FacetName, string[]> {
  return {
    features: dataset.timeField ? ['timeserie', 'geo'] : ['geo'],
    publisher: [dataset.metas.publisher],
    theme: dataset.metas.theme,
    keyword: dataset.metas.keyword,
    language: ['fr'],
  };
}

const isFacet = (name: string): name is FacetName => (CATALOG_FACETS as readonly string[]).includes(name);

/** Lower case without accents: "Météo" is found by "meteo". */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

interface FacetTerm {
  facet: FacetName;
  value: string;
}

/** `facet:value` (the value may be double-quoted); an unknown facet is refused as the portal does. */
function parseFacetTerm(param: 'refine' | 'exclude', text: string): FacetTerm {
  const colon = text.indexOf(':');
  const facet = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!isFacet(facet)) {
    throw new CatalogParamError(
      `Invalid value for ${param} API parameter: ${text} is not a valid facet refinement (facet:value with facet one of ${CATALOG_FACETS.join(', ')}).`,
    );
  }
  const raw = text.slice(colon + 1).trim();
  return { facet, value: /^".*"$/.test(raw) ? raw.slice(1, -1) : raw };
}

export class CatalogParamError extends Error {}

const TEXT = `"((?:[^"\\\\]|\\\\.)*)"`;
const FULL_TEXT = new RegExp(`^(?:${TEXT}|search\\(\\s*(?:\\*\\s*,\\s*)?${TEXT}\\s*\\))$`, 'i');
const FACET_EQUALS = new RegExp(`^([a-z_]+)\\s*=\\s*${TEXT}$`, 'i');

/** One condition of the catalog's `where`: a full-text search or a facet's value. */
function parseCondition(clause: string): (d: Dataset) => boolean {
  const text = FULL_TEXT.exec(clause);
  if (text) {
    const words = folded(text[1] ?? text[2])
      .split(/\s+/)
      .filter(Boolean);
    return (d) => {
      const haystack = folded(
        [d.id, d.title, ...Object.values(facetValues(d)).flat(), ...d.fields.map((f) => f.label)].join(' '),
      );
      return words.every((w) => haystack.includes(w));
    };
  }
  const equals = FACET_EQUALS.exec(clause);
  if (equals && isFacet(equals[1])) {
    const facet = equals[1];
    return (d) => facetValues(d)[facet].includes(equals[2]);
  }
  throw new OdsqlError(`ODSQL query is malformed: invalid_where Syntax error in: ${clause}`);
}

/** The datasets of `visible` that the catalog query of `params` matches, in catalog order. */
export function matchCatalog(visible: readonly Dataset[], params: URLSearchParams): Dataset[] {
  const where = (params.get('where') ?? '').trim();
  const conditions = where === '' ? [] : where.split(/\s+and\s+/i).map((c) => parseCondition(c.trim()));
  const refine = params.getAll('refine').map((r) => parseFacetTerm('refine', r));
  const exclude = params.getAll('exclude').map((r) => parseFacetTerm('exclude', r));
  return visible.filter((d) => {
    const values = facetValues(d);
    return (
      conditions.every((c) => c(d)) &&
      refine.every((r) => values[r.facet].includes(r.value)) &&
      !exclude.some((x) => values[x.facet].includes(x.value))
    );
  });
}

/**
 * `/catalog/facets`: for each facet asked (`facet=`, repeatable; all by default), its values among the
 * matching datasets with their counts, most frequent first; refined values say `refined`, and excluded
 * ones stay listed, `excluded`, with a count of 0.
 */
export function catalogFacets(
  visible: readonly Dataset[],
  params: URLSearchParams,
): { name: string; facets: FacetValue[] }[] {
  const asked = params.getAll('facet');
  for (const name of asked)
    if (!isFacet(name))
      throw new CatalogParamError(
        `Invalid value for facet API parameter: ${name} is not a facet of the catalog (${CATALOG_FACETS.join(', ')}).`,
      );
  const matching = matchCatalog(visible, params);
  const refined = new Set(params.getAll('refine').map((r) => JSON.stringify(parseFacetTerm('refine', r))));
  const excluded = params.getAll('exclude').map((r) => parseFacetTerm('exclude', r));
  return (asked.length > 0 ? (asked as FacetName[]) : [...CATALOG_FACETS]).map((facet) => {
    const counts = new Map<string, number>();
    for (const d of matching) for (const v of facetValues(d)[facet]) counts.set(v, (counts.get(v) ?? 0) + 1);
    const values: FacetValue[] = [...counts].map(([value, count]) => ({
      name: value,
      value,
      count,
      state: refined.has(JSON.stringify({ facet, value })) ? 'refined' : 'displayed',
    }));
    for (const x of excluded)
      if (x.facet === facet) values.push({ name: x.value, value: x.value, count: 0, state: 'excluded' });
    values.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return { name: facet, facets: values };
  });
}
