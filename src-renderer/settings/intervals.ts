import type { SyncStatus } from '../../src-main/api/contract';

/** The sync intervals offered, in minutes; 0 = only on demand. */
export const SYNC_INTERVALS = [0, 15, 30, 60, 180, 720];

export function intervalLabel(minutes: number): string {
  if (minutes === 0) return 'only when I ask';
  if (minutes < 60) return `every ${minutes} minutes`;
  return minutes === 60 ? 'every hour' : `every ${minutes / 60} hours`;
}

/** "Synced by the command line (PID 4242) since 08:30": who holds the workspace while the app waits. */
export function heldByText(holder: NonNullable<SyncStatus['heldBy']>): string {
  return `Synced by the ${holder.kind} (PID ${holder.pid}) since ${new Date(holder.since).toLocaleTimeString()}; Tributary waits and syncs after it.`;
}
