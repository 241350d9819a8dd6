import type { ExportJobProgress } from '../../src-main/api/contract';
import { formatCount, formatDuration } from '../ui/format';
import { useTranslation } from '../i18n';

/** The running or finished export: a bar and a line of words. */
export function JobProgress({ progress }: { progress: ExportJobProgress | null }) {
  const { t } = useTranslation();
  const p: Omit<ExportJobProgress, 'id' | 'file'> = progress ?? {
    state: 'running',
    rows: 0,
    totalRows: 0,
    rowsPerSecond: 0,
    etaSeconds: null,
    error: null,
  };
  const text = {
    running: `${t('export.progress', { rows: formatCount(p.rows), total: formatCount(p.totalRows), rate: formatCount(Math.round(p.rowsPerSecond)) })}${p.etaSeconds === null ? '' : ` · ${t('export.left', { left: formatDuration(p.etaSeconds) })}`}`,
    done: t('export.done', { count: p.rows, formatted: formatCount(p.rows) }),
    cancelled: t('export.cancelled'),
    failed: t('export.failed', { error: p.error ?? t('export.unknownError') }),
  }[p.state];
  return (
    <div className={`export-progress ${p.state}`} data-testid="export-progress">
      <progress
        max={p.totalRows || 1}
        value={p.state === 'done' ? p.totalRows || 1 : p.rows}
        aria-label={t('export.progressLabel')}
      />
      <span className={p.state === 'failed' ? 'error' : 'muted small'} role="status">
        {text}
      </span>
    </div>
  );
}
