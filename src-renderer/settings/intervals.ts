import type { SyncStatus } from '../../src-main/api/contract';
import { translate } from '../i18n';
import { formatTimeOfDay } from '../ui/format';

/** The sync intervals offered, in minutes; 0 = only on demand. */
export const SYNC_INTERVALS = [0, 15, 30, 60, 180, 720];

/** A schedule in words: `only when I ask`, `every 15 minutes`, `every hour`, `every 3 hours`. */
export function intervalLabel(minutes: number): string {
  if (minutes === 0) return translate('sync.manual');
  if (minutes === 60) return translate('sync.everyHour');
  return minutes < 60
    ? translate('sync.everyMinutes', { count: minutes })
    : translate('sync.everyHours', { count: minutes / 60 });
}

/** "Synced by the command line (PID 4242) since 08:30": who holds the workspace while the app waits. */
export function heldByText(holder: NonNullable<SyncStatus['heldBy']>): string {
  return translate('background.heldBy', {
    holder: translate(holder.kind === 'app' ? 'background.holder.app' : 'background.holder.commandLine'),
    pid: holder.pid,
    time: formatTimeOfDay(holder.since),
  });
}
