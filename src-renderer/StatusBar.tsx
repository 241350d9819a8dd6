import { useEffect, useState } from 'react';
import type { AppInfo, Events, Tree } from '../src-main/api/contract';
import { api } from './api';
import { translate, useTranslation } from './i18n';
import { LanguageSetting } from './settings/LanguageSetting';
import { formatCount, formatTimeOfDay } from './ui/format';

export function StatusBar({ info, tree }: { info: AppInfo; tree: Tree }) {
  const { t } = useTranslation();
  const [sync, setSync] = useState<Events['sync:progress'] | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => api.on('sync:progress', setSync), []);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  const points = tree.streams.reduce((n, s) => n + s.pointCount, 0);
  return (
    <footer className="status-bar">
      <span role="status">{syncText(sync)}</span>
      <span>
        {t('status.accounts', { count: tree.accounts.length })} · {t('status.streams', { count: tree.streams.length })}{' '}
        · {t('status.points', { count: points, formatted: formatCount(points) })}
      </span>
      <span className={online ? 'online' : 'offline'}>{online ? t('status.online') : t('status.offline')}</span>
      <span className="muted">{info.mode === 'browser' ? t('status.browserMode') : t('status.desktop')}</span>
      <LanguageSetting info={info} />
    </footer>
  );
}

function syncText(s: Events['sync:progress'] | null): string {
  if (!s) return translate('status.idle');
  if (s.state === 'throttled' && s.throttledUntil)
    return translate('status.throttledUntil', { time: formatTimeOfDay(s.throttledUntil) });
  if (s.state === 'running')
    return translate('status.syncing', {
      done: s.feedsDone,
      total: s.feedsTotal,
      count: s.pointsAdded,
      formatted: formatCount(s.pointsAdded),
    });
  if (s.state === 'offline') return translate('status.vendorOffline');
  const last = translate('status.lastSync', { state: translate(`runState.${s.state}`) });
  return s.message ? `${last} — ${s.message}` : last;
}
