import { useId } from 'react';
import type { CatalogFacet, CatalogHit, CatalogResults, FacetChoice } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { formatCount } from '../ui/format';
import { useCatalog } from './useCatalog';

/** Searching the account's catalog by text and by the vendor's facets, and picking datasets from it. */
export function CatalogSearch({ accountId, onPicked }: { accountId: string; onPicked(hit: CatalogHit): void }) {
  const { t } = useTranslation();
  const cat = useCatalog(accountId, onPicked);
  const headingId = useId();
  const page = cat.results.value;
  const { offset } = cat.query;
  const size = page?.pageSize ?? 0;
  return (
    <section className="catalog-search" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('catalogSearch.heading')}</h3>
      <form
        role="search"
        className="choose-bar"
        onSubmit={(e) => {
          e.preventDefault();
          cat.search();
        }}
      >
        <input
          type="search"
          aria-label={t('catalogSearch.text')}
          placeholder={t('catalogSearch.textPlaceholder')}
          value={cat.text}
          onChange={(e) => cat.setText(e.target.value)}
        />
        <button type="submit">{t('catalogSearch.search')}</button>
      </form>
      <div className="catalog-body">
        <div className="catalog-facets">
          {page?.facets.map((f) => (
            <FacetChoices key={f.name} facet={f} isChosen={cat.isChosen} onToggle={cat.toggle} />
          ))}
        </div>
        <div className="catalog-results">
          <p className="choose-counts" aria-live="polite">
            {cat.results.loading
              ? t('catalogSearch.searching')
              : page
                ? t('catalogSearch.found', { count: page.total, formatted: formatCount(page.total) })
                : ''}
          </p>
          {cat.results.error ? (
            <p className="error" role="alert">
              {cat.results.error}
            </p>
          ) : null}
          {cat.pickError ? (
            <p className="error" role="alert">
              {cat.pickError}
            </p>
          ) : null}
          <ul className="catalog-hits" aria-label={t('catalogSearch.results')}>
            {page?.hits.map((h) => (
              <HitRow key={h.ref} hit={h} picking={cat.picking} onPick={() => void cat.pick(h)} />
            ))}
          </ul>
          {page && page.total > size ? (
            <div className="catalog-pages">
              <button disabled={offset === 0} onClick={() => cat.showFrom(offset - size)}>
                {t('catalogSearch.previous')}
              </button>
              <span className="muted">
                {t('catalogSearch.range', {
                  from: formatCount(offset + 1),
                  to: formatCount(Math.min(offset + size, page.total)),
                  total: formatCount(page.total),
                })}
              </span>
              <button disabled={offset + size >= page.total} onClick={() => cat.showFrom(offset + size)}>
                {t('catalogSearch.next')}
              </button>
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** The vendor's facet names the catalog has words for; others are shown as the vendor names them. */
function useFacetLabel() {
  const { t } = useTranslation();
  return (name: string) =>
    name === 'theme'
      ? t('catalogSearch.facet.theme')
      : name === 'publisher'
        ? t('catalogSearch.facet.publisher')
        : name === 'keyword'
          ? t('catalogSearch.facet.keyword')
          : name;
}

function FacetChoices({
  facet,
  isChosen,
  onToggle,
}: {
  facet: CatalogFacet;
  isChosen(choice: FacetChoice): boolean;
  onToggle(choice: FacetChoice): void;
}) {
  const { t } = useTranslation();
  const label = useFacetLabel();
  return (
    <fieldset className="catalog-facet">
      <legend>{label(facet.name)}</legend>
      {facet.values.map((v) => (
        <label key={v.value} className="inline">
          <input
            type="checkbox"
            checked={isChosen({ facet: facet.name, value: v.value })}
            onChange={() => onToggle({ facet: facet.name, value: v.value })}
            aria-label={t('catalogSearch.facetValue', {
              value: v.value,
              count: v.count,
              formatted: formatCount(v.count),
            })}
          />
          <span>{v.value}</span>
          <span className="muted">{formatCount(v.count)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function HitRow({
  hit,
  picking,
  onPick,
}: {
  hit: CatalogResults['hits'][number];
  picking: string | null;
  onPick(): void;
}) {
  const { t } = useTranslation();
  const about = [
    hit.publisher,
    hit.themes.join(', '),
    hit.recordsCount === null
      ? null
      : t('catalogSearch.records', { count: hit.recordsCount, formatted: formatCount(hit.recordsCount) }),
    hit.discovered ? t('catalogSearch.listed') : null,
  ].filter(Boolean);
  return (
    <li className="catalog-hit">
      <div>
        <span className="choose-source-name">{hit.title}</span>
        <span className="muted">{about.join(' · ')}</span>
      </div>
      {hit.timeSeries ? (
        <button
          onClick={onPick}
          disabled={picking !== null}
          aria-label={t('catalogSearch.pickLabel', { title: hit.title })}
        >
          {picking === hit.ref ? t('catalogSearch.picking') : t('catalogSearch.pick')}
        </button>
      ) : (
        <span className="muted">{t('catalogSearch.notTimeSeries')}</span>
      )}
    </li>
  );
}
