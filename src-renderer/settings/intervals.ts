import type { SyncStatus } from '../../src-main/api/contract';

/** The sync intervals offered, in minutes; 0 = only on demand. */
export const SYNC_INTERVALS = [0, 15, 30, 60, 180, 720];

export const intervalLabel = (minutes: number): string =>
  minutes === 0 ? 'only when I ask' : minutes < 60 ? `every ${minutes} minutes` : `every ${minutes / 60} hours`;

/** "Synced by the command line (PID 4242) since 08:30": who holds the workspace while the app waits. */
export function heldByText(holder: NonNullable<SyncStatus['heldBy']>): string {
  return `Synced by the ${holder.kind} (PID ${holder.pid}) since ${new Date(holder.since).toLocaleTimeString()}; Tributary waits and syncs after it.`;
}
