import type { FilesCapability, FileView } from '../../src-main/api/contract';
import { formatBytes, formatTime } from '../ui/format';
import { stateText, statusClass, statusShort } from './fileStatus';
import type { FileSelection } from './useFileSelection';
import type { FileSort, FileSortKey } from './sortFiles';
import { useTranslation } from '../i18n';

/** `2026-10-26 00:00–06:00`, or both days when the range crosses midnight. */
function formatRange(startUs: number | null, endUs: number | null): string {
  if (startUs === null) return '–';
  // `YYYY-MM-DD` and `HH:mm` of the sortable UTC form.
  const [startDay, startTime] = formatTime(startUs, 'UTC').slice(0, 16).split(' ');
  if (endUs === null) return `${startDay} ${startTime}`;
  const [endDay, endTime] = formatTime(endUs, 'UTC').slice(0, 16).split(' ');
  const endText =
    startDay === endDay || (endTime === '00:00' && endUs - startUs <= 86_400_000_000)
      ? endTime
      : `${endDay} ${endTime}`;
  return `${startDay} ${startTime}–${endText}`;
}

interface Props {
  files: FilesCapability;
  shown: FileView[];
  selection: FileSelection;
  /** A downloaded file's action: shown in its folder (desktop) or saved on the browser's machine. */
  here: { action: 'reveal' | 'save'; run: (f: FileView) => void };
  /** Said under the header when no row is shown. */
  emptyText: string | null;
  sort: FileSort | null;
  onSort: (key: FileSortKey) => void;
}

/** A column header that sorts the list by its column (again: the other way). */
function SortHeader({
  label,
  column,
  className,
  sort,
  onSort,
}: {
  label: string;
  column: FileSortKey;
  className?: string;
  sort: FileSort | null;
  onSort: (key: FileSortKey) => void;
}) {
  const active = sort?.key === column;
  return (
    <th className={className} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button className="link sort-header" onClick={() => onSort(column)}>
        {label}
        {active ? (sort.descending ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
}

/** The file rows: checkbox, name, device, status in the vendor's words, time range, size, state here. */
export function FileTable({ files, shown, selection, here, emptyText, sort, onSort }: Props) {
  const { t } = useTranslation();
  return (
    <div className="files-table-wrap">
      <table className="files-table">
        <thead>
          <tr>
            <th className="c-check">
              <input
                type="checkbox"
                aria-label={t('fileTable.selectAll')}
                checked={selection.allShownSelected}
                onChange={selection.toggleAllShown}
              />
            </th>
            <SortHeader label={t('fileTable.file')} column="name" sort={sort} onSort={onSort} />
            <SortHeader label={t('fileFilters.device')} column="device" sort={sort} onSort={onSort} />
            <SortHeader
              label={t('fileFilters.statusLabel')}
              column="status"
              className="c-status"
              sort={sort}
              onSort={onSort}
            />
            <SortHeader label={t('fileTable.timeUtc')} column="time" className="c-time" sort={sort} onSort={onSort} />
            <SortHeader label={t('fileTable.size')} column="size" className="num c-size" sort={sort} onSort={onSort} />
            <th className="c-here">{t('fileFilters.here')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.id} className={selection.selected.has(f.id) ? 'selected' : undefined}>
              <td className="c-check">
                <input
                  type="checkbox"
                  aria-label={t('fileTable.select', { name: f.name })}
                  checked={selection.selected.has(f.id)}
                  onChange={() => undefined}
                  onClick={(e) => selection.toggle(f, e)}
                />
              </td>
              <td title={f.vendorName}>{f.name}</td>
              <td>{f.device}</td>
              <td>
                <span className={`file-status ${statusClass(files, f)}`} title={f.statusText}>
                  {statusShort(files, f)}
                </span>
              </td>
              <td className="nowrap">{formatRange(f.startTs, f.endTs)}</td>
              <td className="num">{formatBytes(f.size)}</td>
              <td className="nowrap">
                {f.downloaded ? (
                  <button
                    className="link ok"
                    onClick={() => here.run(f)}
                    title={
                      here.action === 'reveal'
                        ? t('fileTable.downloadedAt', { path: f.localPath ?? '' })
                        : t('fileTable.saveTitle')
                    }
                    aria-label={here.action === 'save' ? t('fileTable.saveFile', { name: f.name }) : undefined}
                  >
                    ✓ {here.action === 'reveal' ? t('fileTable.show') : t('fileTable.save')}
                  </button>
                ) : (
                  <span className={f.state === 'failed' ? 'error' : 'muted'} title={f.error ?? undefined}>
                    {stateText(files, f)}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {emptyText ? <p className="pad muted">{emptyText}</p> : null}
    </div>
  );
}
