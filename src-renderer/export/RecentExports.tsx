import { useState } from 'react';
import type { AppInfo, ExportRecord } from '../../src-main/api/contract';
import { call } from '../api';
import { saveFromLink } from '../ui/download';
import { formatBytes, formatCount, formatDateTime } from '../ui/format';
import { useTranslation } from '../i18n';

/** "Save as…" with the native dialog (desktop) or a download through a one-time link (browser). */
export function TakeCopy({
  info,
  file,
  primary,
  onError,
}: {
  info: AppInfo;
  file: ExportRecord;
  primary?: boolean;
  onError(e: string): void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState<string | null>(null);
  const take = async () => {
    try {
      if (info.mode === 'electron') {
        const { path } = await call('export:saveAs', { id: file.id });
        setNote(path ? t('export.savedTo', { path }) : null);
        return;
      }
      saveFromLink(await call('export:ticket', { id: file.id }));
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <button
        className={primary ? 'primary' : ''}
        onClick={() => void take()}
        // In the recent list, the name tells the buttons apart.
        aria-label={
          primary
            ? undefined
            : t(info.mode === 'electron' ? 'export.saveAsFile' : 'export.downloadFile', { name: file.name })
        }
      >
        {info.mode === 'electron' ? t('export.saveAs') : t('export.download')}
      </button>
      {note ? <span className="muted small">{note}</span> : null}
    </>
  );
}

/** The exports folder's recent files, each with its own Save as / Download. */
export function RecentExports({
  info,
  records,
  onError,
}: {
  info: AppInfo;
  records: ExportRecord[];
  onError(e: string): void;
}) {
  const { t } = useTranslation();
  if (records.length === 0) return null;
  return (
    <section className="recent-exports" aria-label={t('export.recent')}>
      <h3>{t('export.recent')}</h3>
      <ul>
        {records.map((r) => (
          <li key={r.id}>
            <span className="recent-name" title={r.path}>
              {r.name}
            </span>
            <span className="muted small">
              {t('table.rows', { count: r.rows, formatted: formatCount(r.rows) })} · {formatBytes(r.size)} ·{' '}
              {formatDateTime(r.finishedAt)}
            </span>
            <TakeCopy info={info} file={r} onError={onError} />
          </li>
        ))}
      </ul>
    </section>
  );
}
