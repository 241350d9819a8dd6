import type { FilesProgress } from '../../src-main/api/contract';
import { formatBytes, formatDuration } from '../ui/format';

interface DownloadQueueProps {
  progress: FilesProgress | null;
  onCancel: () => void;
  onClose: () => void;
}

/** The running or last download job; hidden until there is one, so the list has the room. */
export function DownloadQueue({ progress, onCancel, onClose }: DownloadQueueProps) {
  if (!progress) return null;
  const fraction =
    progress.bytesTotal > 0
      ? progress.bytesDone / progress.bytesTotal
      : progress.filesTotal > 0
        ? progress.filesDone / progress.filesTotal
        : 0;
  const running = progress.state === 'running';
  const heading = running
    ? 'Downloading'
    : progress.state === 'done'
      ? 'Done'
      : progress.state === 'cancelled'
        ? 'Cancelled'
        : 'Failed';
  return (
    <aside className="download-queue" aria-label="Download queue">
      <div className="queue-head">
        <h3>{heading}</h3>
        {running ? (
          <button onClick={onCancel}>Cancel</button>
        ) : (
          <button onClick={onClose} aria-label="Close the download summary" title="Close">
            ×
          </button>
        )}
      </div>
      <div className="queue-total" data-testid="queue-total">
        {progress.filesDone} of {progress.filesTotal} files · {formatBytes(progress.bytesDone)} of{' '}
        {formatBytes(progress.bytesTotal)}
      </div>
      <progress max={1} value={fraction} aria-label="Total progress" />
      {running ? (
        <div className="muted small">
          {formatBytes(progress.speed)}/s · {formatDuration(progress.eta)} left
        </div>
      ) : null}
      {progress.message ? (
        <p className={progress.state === 'failed' ? 'error small' : 'warning small'}>{progress.message}</p>
      ) : null}
      {progress.state === 'cancelled' ? (
        <p className="muted small">Cancelled files stay queued and resume from where they stopped.</p>
      ) : null}
      <ul className="queue-items">
        {progress.items.map((i) => (
          <li key={i.fileId} className={`queue-item ${i.state}`}>
            <div className="queue-item-line">
              <span className="queue-name" title={i.name}>
                {i.name}
              </span>
              <span className="queue-state">
                {i.state === 'downloading' ? `${formatBytes(i.bytes)} / ${formatBytes(i.size)}` : i.state}
              </span>
            </div>
            {i.state === 'downloading' ? (
              <progress max={1} value={i.size ? i.bytes / i.size : 0} aria-label={`${i.name} progress`} />
            ) : null}
            {i.error ? <div className="error small">{i.error}</div> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
