import { expect, it } from 'vitest';
import type { FileView } from '../../../src-main/api/contract';
import { nextSort, sortFiles } from '../../../src-renderer/files/sortFiles';

const file = (name: string, device: string, size: number | null, startTs: number | null) =>
  ({ name, device, size, startTs, statusText: 'on the server' }) as FileView;

it('sorts by a header, then the other way on a second click; unknown sizes and times come first', () => {
  const files = [
    file('b.osf', 'Regenbecken Süd', 200, 2),
    file('a.osf', 'Brunnen 4', null, 1),
    file('c.osf', 'Pegel', 50, null),
  ];
  const byDevice = nextSort(null, 'device');
  expect(sortFiles(files, byDevice).map((f) => f.device)).toEqual(['Brunnen 4', 'Pegel', 'Regenbecken Süd']);
  expect(sortFiles(files, nextSort(byDevice, 'device')).map((f) => f.device)).toEqual([
    'Regenbecken Süd',
    'Pegel',
    'Brunnen 4',
  ]);
  expect(sortFiles(files, nextSort(null, 'size')).map((f) => f.name)).toEqual(['a.osf', 'c.osf', 'b.osf']);
  expect(sortFiles(files, nextSort(null, 'time')).map((f) => f.name)).toEqual(['c.osf', 'a.osf', 'b.osf']);
  expect(sortFiles(files, null)).toEqual(files);
});
