import type { FilesProgress } from '../../src-main/api/contract';
import { formatBytes, formatDuration } from '../ui/format';
import { useTranslation } from '../i18n';

interface DownloadQueueProps {
  progress: FilesProgress | null;
  onCancel: () => void;
  onClose: () => void;
}

/** The running or last download job; hidden until there is one, so the list has the room. */
export function DownloadQueue({ progress, onCancel, onClose }: DownloadQueueProps) {
  const { t } = useTranslation();
  if (!progress) return null;
  const fraction =
    progress.bytesTotal > 0
      ? progress.bytesDone / progress.bytesTotal
      : progress.filesTotal > 0
        ? progress.filesDone / progress.filesTotal
        : 0;
  const running = progress.state === 'running';
  const heading = running
    ? t('queue.downloading')
    : progress.state === 'done'
      ? t('queue.done')
      : progress.state === 'cancelled'
        ? t('queue.cancelled')
        : t('queue.failed');
  return (
    <aside className="download-queue" aria-label={t('queue.label')}>
      <div className="queue-head">
        <h3>{heading}</h3>
        {running ? (
          <button onClick={onCancel}>{t('common.cancel')}</button>
        ) : (
          <button onClick={onClose} aria-label={t('queue.close')} title={t('common.close')}>
            ×
          </button>
        )}
      </div>
      <div className="queue-total" data-testid="queue-total">
        {t('queue.total', {
          done: progress.filesDone,
          count: progress.filesTotal,
          bytes: formatBytes(progress.bytesDone),
          bytesTotal: formatBytes(progress.bytesTotal),
        })}
      </div>
      <progress max={1} value={fraction} aria-label={t('queue.totalProgress')} />
      {running ? (
        <div className="muted small">
          {t('queue.speed', { speed: formatBytes(progress.speed), left: formatDuration(progress.eta) })}
        </div>
      ) : null}
      {progress.message ? (
        <p className={progress.state === 'failed' ? 'error small' : 'warning small'}>{progress.message}</p>
      ) : null}
      {progress.state === 'cancelled' ? <p className="muted small">{t('queue.cancelledNote')}</p> : null}
      <ul className="queue-items">
        {progress.items.map((i) => (
          <li key={i.fileId} className={`queue-item ${i.state}`}>
            <div className="queue-item-line">
              <span className="queue-name" title={i.name}>
                {i.name}
              </span>
              <span className="queue-state">
                {i.state === 'downloading'
                  ? `${formatBytes(i.bytes)} / ${formatBytes(i.size)}`
                  : t(`queue.item.${i.state}`)}
              </span>
            </div>
            {i.state === 'downloading' ? (
              <progress
                max={1}
                value={i.size ? i.bytes / i.size : 0}
                aria-label={t('queue.itemProgress', { name: i.name })}
              />
            ) : null}
            {i.error ? <div className="error small">{i.error}</div> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
