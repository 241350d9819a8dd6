import type { ExportJobProgress } from '../../src-main/api/contract';
import { formatDuration } from '../ui/format';

/** The running or finished export: a bar and a line of words. */
export function JobProgress({ progress }: { progress: ExportJobProgress | null }) {
  const p: Omit<ExportJobProgress, 'id' | 'file'> = progress ?? {
    state: 'running',
    rows: 0,
    totalRows: 0,
    rowsPerSecond: 0,
    etaSeconds: null,
    error: null,
  };
  const text = {
    running: `${p.rows.toLocaleString('en-US')} of ${p.totalRows.toLocaleString('en-US')} rows · ${Math.round(p.rowsPerSecond).toLocaleString('en-US')} rows/s${p.etaSeconds === null ? '' : ` · ${formatDuration(p.etaSeconds)} left`}`,
    done: `Done: ${p.rows.toLocaleString('en-US')} rows`,
    cancelled: 'Cancelled: no file was written.',
    failed: `Failed: ${p.error ?? 'unknown error'}`,
  }[p.state];
  return (
    <div className={`export-progress ${p.state}`} data-testid="export-progress">
      <progress
        max={p.totalRows || 1}
        value={p.state === 'done' ? p.totalRows || 1 : p.rows}
        aria-label="Export progress"
      />
      <span className={p.state === 'failed' ? 'error' : 'muted small'} role="status">
        {text}
      </span>
    </div>
  );
}
