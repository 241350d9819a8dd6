import { describe, expect, it } from 'vitest';
import { globToRegExp, selectStreams } from '../../../src-main/export/select';
import { say, UserError } from '../../../src-main/model';
import type { ExportStreamRow } from '../../../src-main/store/export-queries';

const row = (id: number, key: string): ExportStreamRow => ({
  id,
  key,
  vendor: key.split('/')[0],
  unit: '',
  kind: 'number',
});
const all = [row(1, 'opti/12'), row(2, 'opti/123'), row(3, 'opticloud/dev1/temp'), row(4, 'osf/log.1/ch(a)')];

describe('globToRegExp', () => {
  it('treats * as any run (slashes too), ? as one character, the rest literally', () => {
    expect(globToRegExp('opti/*').test('opti/123')).toBe(true);
    expect(globToRegExp('opti/*').test('opticloud/dev1/temp')).toBe(false);
    expect(globToRegExp('opticloud/*').test('opticloud/dev1/temp')).toBe(true);
    expect(globToRegExp('opti/12?').test('opti/123')).toBe(true);
    expect(globToRegExp('opti/12?').test('opti/12')).toBe(false);
    expect(globToRegExp('osf/log.1/ch(a)').test('osf/log.1/ch(a)')).toBe(true);
    expect(globToRegExp('osf/log.1/ch(a)').test('osf/logx1/ch(a)')).toBe(false);
  });
});

describe('selectStreams', () => {
  it('keeps the given order, adds the key without vendor, and takes every stream with no pattern', () => {
    expect(selectStreams(all, []).map((s) => [s.id, s.keyInVendor])).toEqual([
      [1, '12'],
      [2, '123'],
      [3, 'dev1/temp'],
      [4, 'log.1/ch(a)'],
    ]);
  });

  it('mixes exact keys and globs without duplicates', () => {
    expect(selectStreams(all, ['opti/12*', 'opti/123']).map((s) => s.id)).toEqual([1, 2]);
  });

  it('refuses a pattern that matches nothing', () => {
    expect(() => selectStreams(all, ['opti/12', 'opti/999', 'nope/*'])).toThrow(
      'No stream matches "opti/999", "nope/*".',
    );
    // In German, with German quotes.
    let said: UserError['said'] | null = null;
    try {
      selectStreams(all, ['nope/*']);
    } catch (err) {
      said = err instanceof UserError ? err.said : null;
    }
    expect(said && say(said, 'de')).toBe('Kein Datenstrom passt zu „nope/*“.');
  });
});
