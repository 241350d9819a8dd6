import { describe, expect, it } from 'vitest';
import {
  catalogHit,
  fullTextWhere,
  refineParams,
  rememberedSeriesFields,
  searchFacets,
} from '../../../../src-main/vendors/opendatasoft/map';

describe('OpenDataSoft catalog search', () => {
  it('searches full text with a string literal, quotes and backslashes escaped; nothing for blank text', () => {
    expect(fullTextWhere('  air quality ')).toBe('"air quality"');
    expect(fullTextWhere('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(fullTextWhere('   ')).toBeUndefined();
    expect(
      refineParams([
        { facet: 'theme', value: 'Health' },
        { facet: 'publisher', value: 'A "B"' },
      ]),
    ).toEqual(['theme:"Health"', 'publisher:"A \\"B\\""']);
  });

  it('reads a hit from a dataset: title or id, publisher, one theme or several, records, a time axis', () => {
    const fields = [{ name: 't', type: 'datetime' }];
    expect(
      catalogHit({
        dataset_id: 'aq',
        fields,
        metas: { default: { title: ' Air ', publisher: 'ATMO', theme: ['Environment', 'Health'], records_count: 7 } },
      }),
    ).toEqual({
      ref: 'aq',
      title: 'Air',
      publisher: 'ATMO',
      themes: ['Environment', 'Health'],
      recordsCount: 7,
      timeSeries: true,
    });
    expect(
      catalogHit({
        dataset_id: 'parks',
        fields: [{ name: 'n', type: 'text' }],
        metas: { default: { theme: 'Urban' } },
      }),
    ).toEqual({
      ref: 'parks',
      title: 'parks',
      publisher: null,
      themes: ['Urban'],
      recordsCount: null,
      timeSeries: false,
    });
  });

  it('offers theme, publisher and keyword in that order where the portal has them, without excluded values', () => {
    const value = (v: string, count: number, state = 'displayed') => ({ name: v, value: v, count, state });
    expect(
      searchFacets({
        facets: [
          { name: 'features', facets: [value('timeserie', 3)] },
          { name: 'keyword', facets: [value('air', 2), value('flood', 0, 'excluded')] },
          { name: 'theme', facets: [value('Health', 1, 'refined'), value('Environment', 1)] },
          { name: 'publisher', facets: [] },
        ],
      }),
    ).toEqual([
      {
        name: 'theme',
        values: [
          { value: 'Health', count: 1, refined: true },
          { value: 'Environment', count: 1, refined: false },
        ],
      },
      { name: 'keyword', values: [{ value: 'air', count: 2, refined: false }] },
    ]);
  });
});

describe('remembered series fields', () => {
  const detected = { signature: 't:datetime,station:text', fields: ['station'] };
  it('takes the user’s choice (still among the text fields) over the detected ones', () => {
    expect(rememberedSeriesFields({ detected, chosen: ['kind', 'gone'] }, 'other', ['station', 'kind'])).toEqual([
      'kind',
    ]);
  });
  it('takes the detected ones while the fields are the same, and asks for detection when they change', () => {
    expect(rememberedSeriesFields({ detected, chosen: null }, 't:datetime,station:text', ['station'])).toEqual([
      'station',
    ]);
    expect(
      rememberedSeriesFields({ detected, chosen: null }, 't:datetime,station:text,kind:text', ['station', 'kind']),
    ).toBeNull();
    expect(rememberedSeriesFields(undefined, 'x', ['station'])).toBeNull();
  });
});
