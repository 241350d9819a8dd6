import { useEffect, useState } from 'react';
import type { AppInfo, Events, Tree } from '../src-main/api/contract';
import { api } from './api';

export function StatusBar({ info, tree }: { info: AppInfo; tree: Tree }) {
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
    <footer className="status-bar" role="status">
      <span>{syncText(sync)}</span>
      <span>
        {tree.accounts.length} accounts · {tree.streams.length} streams · {points.toLocaleString()} points stored
      </span>
      <span className={online ? 'online' : 'offline'}>{online ? 'Online' : 'Offline — showing the local copy'}</span>
      <span className="muted">{info.mode === 'browser' ? 'Browser mode' : 'Desktop'}</span>
    </footer>
  );
}

function syncText(s: Events['sync:progress'] | null): string {
  if (!s) return 'Idle';
  if (s.state === 'throttled' && s.throttledUntil)
    return `Throttled until ${new Date(s.throttledUntil).toLocaleTimeString()}`;
  if (s.state === 'running')
    return `Syncing… ${s.feedsDone}/${s.feedsTotal} · ${s.pointsAdded.toLocaleString()} new points`;
  if (s.state === 'offline') return 'Vendor unreachable — sync paused';
  return `Last sync: ${s.state}${s.message ? ` — ${s.message}` : ''}`;
}
