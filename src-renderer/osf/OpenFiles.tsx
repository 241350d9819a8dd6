import { useCallback, useEffect, useRef, useState } from 'react';
import type { OsfImportView, OsfSummary, Tree } from '../../src-main/api/contract';
import { api, call } from '../api';
import { Modal } from '../ui/Modal';
import { translate, useTranslation } from '../i18n';
import { formatBytes, formatCount, formatNumber, formatTime } from '../ui/format';
import { OSF_FILE, uploadFile } from './upload';
import { whereImported } from './whereImported';
import './osf.css';

/** Files to open: picked or dropped in the browser (uploaded first), or paths from the desktop's dialog. */
type FileSource = { files: File[] } | { paths: string[] };

interface Item {
  key: number;
  name: string;
  state: 'uploading' | 'reading' | 'ready' | 'failed';
  summary: OsfSummary | null;
  error: string | null;
}

const listeners = new Set<(source: FileSource) => void>();
const openFiles = (source: FileSource) => listeners.forEach((l) => l(source));

/** Dropped files: the desktop app hands them to main (which answers with their paths); the browser uploads them. */
async function openDropped(files: File[]): Promise<void> {
  const desktop = window.tributaryDesktop;
  openFiles(desktop ? { paths: await desktop.openDropped(files) } : { files });
}

let nextKey = 1;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const baseName = (path: string) => path.split(/[/\\]/).pop() ?? path;

/** Mounted once by App: the drop target over the whole window and the summary dialog. */
export function OpenFilesHost({ tree, onShowStreams }: { tree: Tree; onShowStreams(streamIds: number[]): void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[] | null>(null);
  const [imported, setImported] = useState<OsfImportView[] | null>(null);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dragging = useFileDrag((files) => void openDropped(files));

  const update = (key: number, patch: Partial<Item>) =>
    setItems((list) => list?.map((i) => (i.key === key ? { ...i, ...patch } : i)) ?? null);

  const open = useCallback((source: FileSource) => {
    setImported(null);
    setError(null);
    const entries =
      'files' in source
        ? source.files.map((file) => ({ key: nextKey++, name: file.name, file, path: null }))
        : source.paths.map((path) => ({ key: nextKey++, name: baseName(path), file: null, path }));
    const refusal = (e: (typeof entries)[number]) => (OSF_FILE.test(e.name) ? null : translate('osf.notOsf'));
    setItems(
      entries.map((e) => ({
        key: e.key,
        name: e.name,
        state: refusal(e) ? 'failed' : e.file ? 'uploading' : 'reading',
        summary: null,
        error: refusal(e),
      })),
    );
    for (const e of entries.filter((e) => !refusal(e))) {
      void (async () => {
        try {
          const path = e.path ?? (await uploadFile(e.file as File));
          update(e.key, { state: 'reading' });
          update(e.key, { state: 'ready', summary: await call('osf:inspect', { path }) });
        } catch (err) {
          update(e.key, { state: 'failed', error: messageOf(err) });
        }
      })();
    }
  }, []);

  useEffect(() => {
    listeners.add(open);
    return () => void listeners.delete(open);
  }, [open]);

  const ready = items?.filter((i) => i.state === 'ready' && i.summary) ?? [];
  const pending = items?.some((i) => i.state === 'uploading' || i.state === 'reading') ?? false;
  const runImport = async () => {
    setImporting(true);
    const r = await api.invoke('osf:import', { paths: ready.map((i) => (i.summary as OsfSummary).path) });
    setImporting(false);
    if (r.ok) setImported(r.value);
    else setError(r.error);
  };
  const close = () => {
    setItems(null);
    setImported(null);
  };

  return (
    <>
      {dragging ? (
        <div className="file-drop-overlay" aria-hidden="true">
          <div>{t('osf.dropHere')}</div>
        </div>
      ) : null}
      {items ? (
        <Modal title={imported ? t('osf.imported') : t('osf.openTitle', { count: items.length })} wide onClose={close}>
          <div className="osf-dialog">
            {imported ? (
              <ImportResults
                results={imported}
                tree={tree}
                onShowStreams={(ids) => {
                  onShowStreams(ids);
                  close();
                }}
              />
            ) : (
              items.map((item) => <FileSummary key={item.key} item={item} />)
            )}
            {error ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
            <div className="modal-actions">
              {imported ? (
                <button className="primary" onClick={close}>
                  {t('queue.done')}
                </button>
              ) : (
                <>
                  <button
                    className="primary"
                    disabled={ready.length === 0 || pending || importing}
                    onClick={() => void runImport()}
                  >
                    {importing
                      ? t('osf.importing')
                      : ready.length > 1
                        ? t('osf.importFiles', { count: ready.length })
                        : t('osf.import')}
                  </button>
                  <button onClick={close}>{t('common.cancel')}</button>
                </>
              )}
            </div>
          </div>
        </Modal>
      ) : null}
    </>
  );
}

/** True while files are dragged over the window; dropped OSF files (or any files) go to `onDrop`. */
function useFileDrag(onDrop: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const latest = useRef(onDrop);
  useEffect(() => {
    latest.current = onDrop;
  });
  useEffect(() => {
    const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    // relatedTarget is null only when the drag leaves the window itself.
    const leave = (e: DragEvent) => e.relatedTarget === null && setDragging(false);
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      latest.current([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}

/** "Open files…": the native dialog on the desktop, the browser's file picker in browser mode. */
export function OpenFilesButton() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = async () => {
    if (!window.tributaryDesktop) return input.current?.click();
    const r = await api.invoke('osf:choose', {});
    setError(r.ok ? null : r.error);
    if (!r.ok) return;
    if (r.value.paths.length > 0) openFiles({ paths: r.value.paths });
  };
  return (
    <>
      <button onClick={() => void choose()} title={t('osf.openTitleHint')}>
        {t('osf.openFiles')}
      </button>
      {error ? (
        <span className="error small" role="alert">
          {error}
        </span>
      ) : null}
      <input
        ref={input}
        type="file"
        multiple
        accept=".osf,.osfz"
        hidden
        data-testid="open-files-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) openFiles({ files });
        }}
      />
    </>
  );
}

const utc = (us: number | null) => (us === null ? '—' : formatTime(us, 'UTC', true));

function FileSummary({ item }: { item: Item }) {
  const { t } = useTranslation();
  const s = item.summary;
  return (
    <section className="osf-file" aria-label={item.name}>
      <h3>{item.name}</h3>
      {item.state === 'uploading' || item.state === 'reading' ? (
        <p className="muted" role="status">
          {item.state === 'uploading' ? t('osf.uploading') : t('osf.reading')}
        </p>
      ) : null}
      {item.error ? (
        <p className="error" role="alert">
          {item.error}
        </p>
      ) : null}
      {s ? (
        <>
          <dl className="osf-facts">
            <dt>{t('osf.creator')}</dt>
            <dd>{s.creator || '—'}</dd>
            <dt>{t('osf.created')}</dt>
            <dd>{s.created || '—'}</dd>
            <dt>{t('export.format')}</dt>
            <dd>
              {s.format}, {s.compression === 'none' ? t('osf.uncompressed') : s.compression}, {formatBytes(s.size)}
            </dd>
            <dt>{t('osf.channels')}</dt>
            <dd data-testid="osf-channel-count">{s.channels.length}</dd>
            <dt>{t('osf.samples')}</dt>
            <dd>{formatCount(s.channels.reduce((n, c) => n + c.count, 0))}</dd>
          </dl>
          {s.truncated ? <p className="warning small">{t('osf.truncated')}</p> : null}
          <div className="osf-channels">
            <table>
              <thead>
                <tr>
                  <th>{t('osf.channel')}</th>
                  <th>{t('details.unit')}</th>
                  <th>{t('osf.type')}</th>
                  <th className="num">{t('osf.samples')}</th>
                  <th>{t('osf.firstUtc')}</th>
                  <th>{t('osf.lastUtc')}</th>
                  <th className="num">{t('legend.min')}</th>
                  <th className="num">{t('legend.max')}</th>
                </tr>
              </thead>
              <tbody>
                {s.channels.map((c) => (
                  <tr key={c.index}>
                    <td>{c.name}</td>
                    <td>{c.unit}</td>
                    <td>{c.datatype}</td>
                    <td className="num" title={c.events > 0 ? t('osf.events', { count: c.events }) : undefined}>
                      {formatCount(c.count)}
                      {c.events > 0 ? (
                        <span className="muted"> {t('osf.eventsShort', { count: c.events })}</span>
                      ) : null}
                    </td>
                    <td>{utc(c.first)}</td>
                    <td>{utc(c.last)}</td>
                    <td className="num">{formatNumber(c.min)}</td>
                    <td className="num">{formatNumber(c.max)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.warnings.length > 0 ? (
            <details className="osf-warnings">
              <summary className="warning">{t('osf.warnings', { count: s.warnings.length })}</summary>
              <ul>
                {s.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function ImportResults({
  results,
  tree,
  onShowStreams,
}: {
  results: OsfImportView[];
  tree: Tree;
  onShowStreams(streamIds: number[]): void;
}) {
  const { t } = useTranslation();
  return (
    <ul className="osf-results" data-testid="osf-results">
      {results.map((r) => {
        const where = whereImported(tree, r.source);
        return (
          <li key={r.name}>
            <strong>{r.name}</strong>{' '}
            {r.alreadyImported
              ? t('osf.importedBefore')
              : `→ ${t('osf.result', { streams: r.streams, count: r.pointsAdded, formatted: formatCount(r.pointsAdded) })}${r.pointsIgnored > 0 ? ` (${t('osf.ignored', { count: r.pointsIgnored })})` : ''}.`}
            {where ? (
              <>
                {' '}
                <span className="muted small">{t('osf.whereInTree', { path: where.path })}</span>{' '}
                <button className="link" onClick={() => onShowStreams(where.streamIds)}>
                  {t('osf.showThem')}
                </button>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
