import type { FileView } from '../../src-main/api/contract';

export type FileSortKey = 'name' | 'device' | 'status' | 'time' | 'size';
export interface FileSort {
  key: FileSortKey;
  descending: boolean;
}

const value: Record<FileSortKey, (f: FileView) => string | number> = {
  name: (f) => f.name,
  device: (f) => f.device,
  status: (f) => f.statusText,
  time: (f) => f.startTs ?? -Infinity,
  size: (f) => f.size ?? -1,
};

/** The files in the order of a column header; ties keep the list's own order (by time). */
export function sortFiles(files: readonly FileView[], sort: FileSort | null): FileView[] {
  if (!sort) return [...files];
  const read = value[sort.key];
  const sign = sort.descending ? -1 : 1;
  return [...files].sort((a, b) => {
    const x = read(a);
    const y = read(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order;
  });
}

/** A header click: sort by that column, or reverse it when it already sorts. */
export function nextSort(current: FileSort | null, key: FileSortKey): FileSort {
  return current?.key === key ? { key, descending: !current.descending } : { key, descending: false };
}
