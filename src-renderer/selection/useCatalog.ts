import { useState } from 'react';
import type { CatalogHit, FacetChoice } from '../../src-main/api/contract';
import { api } from '../api';
import { useChannel } from '../useApi';

interface Query {
  text: string;
  refine: FacetChoice[];
  offset: number;
}

const sameChoice = (a: FacetChoice, b: FacetChoice) => a.facet === b.facet && a.value === b.value;

/**
 * The catalog search of "Choose what to sync": the text typed (searched on submit), the facet values
 * chosen (searched at once), the page shown, and picking a dataset (discovered then, so its streams
 * can be chosen).
 */
export function useCatalog(accountId: string, onPicked: (hit: CatalogHit) => void) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState<Query>({ text: '', refine: [], offset: 0 });
  const results = useChannel('catalog:search', { accountId, ...query }, [accountId]);
  const [picking, setPicking] = useState<string | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);

  const search = () => setQuery((q) => ({ ...q, text, offset: 0 }));
  const toggle = (choice: FacetChoice) =>
    setQuery((q) => ({
      ...q,
      offset: 0,
      refine: q.refine.some((c) => sameChoice(c, choice))
        ? q.refine.filter((c) => !sameChoice(c, choice))
        : [...q.refine, choice],
    }));
  // What the user chose shows at once; the portal's counts follow with the next answer.
  const isChosen = (choice: FacetChoice) => query.refine.some((c) => sameChoice(c, choice));
  const showFrom = (offset: number) => setQuery((q) => ({ ...q, offset: Math.max(0, offset) }));
  const pick = async (hit: CatalogHit) => {
    setPicking(hit.ref);
    setPickError(null);
    const r = await api.invoke('catalog:pick', { accountId, refs: [hit.ref] });
    setPicking(null);
    if (r.ok) onPicked(hit);
    else setPickError(r.error);
  };
  return { text, setText, query, results, search, toggle, isChosen, showFrom, pick, picking, pickError };
}
