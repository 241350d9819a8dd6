import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SavedView } from '../../src-main/api/contract';
import { api } from '../api';
import type { ViewerState } from './viewState';
import { useTranslation } from '../i18n';

/** Save the charts (streams, range, zone) under a name; reopen or delete saved ones. */
export function SavedViews({ viewer, onMessage }: { viewer: ViewerState; onMessage(message: string): void }) {
  const { t } = useTranslation();
  const [views, setViews] = useState<SavedView[]>([]);
  const [current, setCurrent] = useState<SavedView | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const showViews = useCallback(
    (r: Awaited<ReturnType<typeof api.invoke<'views:list'>>>) => {
      if (r.ok) setViews(r.value);
      else onMessage(t('views.listFailed', { error: r.error }));
    },
    [onMessage, t],
  );
  const reload = useCallback(async () => showViews(await api.invoke('views:list', {})), [showViews]);
  useEffect(() => {
    void api.invoke('views:list', {}).then(showViews);
  }, [showViews]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const spec = viewer.toSpec();
    if (!spec) return;
    const r = await api.invoke('views:save', { name, spec });
    if (!r.ok) return onMessage(t('views.saveFailed', { error: r.error }));
    setCurrent(r.value);
    setNaming(false);
    onMessage(t('views.savedNamed', { name: r.value.name }));
    await reload();
  };

  const open = (id: number) => {
    const view = views.find((v) => v.id === id);
    if (!view) return;
    const missing = viewer.openSpec(view.spec);
    setCurrent(view);
    onMessage(
      missing > 0
        ? t('views.openedMissing', { name: view.name, count: missing })
        : t('views.opened', { name: view.name }),
    );
  };

  const remove = async () => {
    if (!current) return;
    const r = await api.invoke('views:delete', { id: current.id });
    if (!r.ok) return onMessage(t('views.deleteFailed', { error: r.error }));
    onMessage(t('views.deleted', { name: current.name }));
    setCurrent(null);
    await reload();
  };

  if (naming)
    return (
      <form className="saved-views" onSubmit={(e) => void save(e)}>
        <input
          autoFocus
          required
          maxLength={120}
          placeholder={t('views.name')}
          aria-label={t('views.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
        <button type="button" onClick={() => setNaming(false)}>
          {t('common.cancel')}
        </button>
      </form>
    );
  return (
    <div className="saved-views">
      <select
        aria-label={t('views.saved')}
        value={current?.id ?? ''}
        onChange={(e) => open(Number(e.target.value))}
        disabled={views.length === 0}
      >
        <option value="" disabled>
          {views.length === 0 ? t('views.none') : t('views.open')}
        </option>
        {views.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
      <button
        onClick={() => {
          setName(current?.name ?? '');
          setNaming(true);
        }}
        disabled={viewer.charts.length === 0}
        title={t('views.saveTitle')}
      >
        {t('views.save')}
      </button>
      {current ? (
        <button onClick={() => void remove()} title={t('views.deleteTitle', { name: current.name })}>
          {t('common.delete')}
        </button>
      ) : null}
    </div>
  );
}
