import type { SyncStatus } from '../../src-main/api/contract';

/** The sync intervals offered, in minutes; 0 = only on demand. */
export const SYNC_INTERVALS = [0, 15, 30, 60, 180, 720];

const plural = new Intl.PluralRules('en');
/** `1 hour`, `3 hours`: the unit follows the language's plural rules. */
const count = (n: number, one: string, other: string) => `${n} ${plural.select(n) === 'one' ? one : other}`;

/** A schedule in words: `only when I ask`, `every 15 minutes`, `every hour`, `every 3 hours`. */
export function intervalLabel(minutes: number): string {
  if (minutes === 0) return 'only when I ask';
  if (minutes === 60) return 'every hour';
  return minutes < 60
    ? `every ${count(minutes, 'minute', 'minutes')}`
    : `every ${count(minutes / 60, 'hour', 'hours')}`;
}

/** "Synced by the command line (PID 4242) since 08:30": who holds the workspace while the app waits. */
export function heldByText(holder: NonNullable<SyncStatus['heldBy']>): string {
  return `Synced by the ${holder.kind} (PID ${holder.pid}) since ${new Date(holder.since).toLocaleTimeString()}; Tributary waits and syncs after it.`;
}
