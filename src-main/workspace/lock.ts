/**
 * One syncer per workspace (DESIGN.md "CLI contract"): a lock file in the workspace folder that names
 * the process holding it. It is created with O_EXCL, so of two processes starting together exactly one
 * gets it; a lock whose process is gone (or whose PID now belongs to another process) is taken over.
 * Reading, charting and export never take it.
 */
import { readFileSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { said, type Message } from '../model';
import { createExclusive, processAlive } from '../model/lock-file';

export type LockHolderKind = 'app' | 'command line';

export interface LockHolder {
  pid: number;
  /** The process's start time as the OS counts it (Linux: /proc/<pid>/stat field 22), to tell a reused PID; null where unknown. */
  processStart: string | null;
  host: string;
  kind: LockHolderKind;
  /** When it took the lock, ms since the epoch. */
  since: number;
}

export interface SyncLock {
  holder: LockHolder;
  release(): void;
}

export const LOCK_FILE = 'sync.lock';
const TAKEOVER_FILE = 'sync.lock.takeover';
/** A takeover guard older than this was left by a process that died in the middle of one. */
const TAKEOVER_STALE_MS = 10_000;
/** A lock file still empty after this long was left by a process that died between creating and writing it. */
const UNWRITTEN_STALE_MS = 2_000;

/** The OS's start time of a process, or null where it cannot be read (not Linux, or no such process). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether a lock's holder is gone: a dead PID, or a PID now used by a process that started at another time. */
export function holderGone(holder: LockHolder): boolean {
  // Another machine's processes (a workspace on a shared drive) cannot be checked: the lock stands.
  if (holder.host !== hostname()) return false;
  if (!processAlive(holder.pid)) return true;
  const start = processStartTime(holder.pid);
  return holder.processStart !== null && start !== null && start !== holder.processStart;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.since !== 'number') return null;
    if (h.kind !== 'app' && h.kind !== 'command line') return null;
    return { pid: h.pid, processStart: h.processStart ?? null, host: h.host, kind: h.kind, since: h.since };
  } catch {
    return null;
  }
}

function removeIfExists(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

type LockState = { state: 'free' } | { state: 'held'; holder: LockHolder } | { state: 'stale'; text: string };

function readLock(file: string, now: number): LockState {
  let text: string;
  let age: number;
  try {
    text = readFileSync(file, 'utf8');
    age = now - statSync(file).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'free' };
    throw err;
  }
  const holder = parseHolder(text);
  if (holder) return holderGone(holder) ? { state: 'stale', text } : { state: 'held', holder };
  // Just created and not yet written (the holder writes right after creating): held, by someone we cannot name yet.
  return age > UNWRITTEN_STALE_MS ? { state: 'stale', text } : { state: 'free' };
}

/**
 * Removes a stale lock, under a guard so that two processes taking over at once cannot remove a lock
 * the other has just created: inside the guard the lock is read again and removed only if unchanged.
 */
function removeStale(dataDir: string, staleText: string): void {
  const guard = join(dataDir, TAKEOVER_FILE);
  if (!createExclusive(guard, String(process.pid))) {
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_STALE_MS) removeIfExists(guard);
    } catch {
      // The other process finished its takeover meanwhile.
    }
    return;
  }
  try {
    const lock = join(dataDir, LOCK_FILE);
    let current: string | null = null;
    try {
      current = readFileSync(lock, 'utf8');
    } catch {
      // Gone already.
    }
    if (current === staleText) removeIfExists(lock);
  } finally {
    removeIfExists(guard);
  }
}

/**
 * Takes the workspace's sync lock for this process, or says who holds it. Never waits for a live
 * holder: the caller decides (the CLI exits 1, the app shows it and tries again next round).
 */
export async function acquireSyncLock(
  dataDir: string,
  kind: LockHolderKind,
): Promise<{ lock: SyncLock } | { heldBy: LockHolder }> {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    const holder: LockHolder = {
      pid: process.pid,
      processStart: processStartTime(process.pid),
      host: hostname(),
      kind,
      since: Date.now(),
    };
    const text = JSON.stringify(holder);
    if (createExclusive(file, text)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        // Only our own lock: never one a takeover gave to someone else.
        try {
          if (readFileSync(file, 'utf8') === text) removeIfExists(file);
        } catch {
          // Already gone.
        }
      };
      process.on('exit', release);
      return { lock: { holder, release } };
    }
    const found = readLock(file, Date.now());
    if (found.state === 'held') return { heldBy: found.holder };
    if (found.state === 'stale') removeStale(dataDir, found.text);
    // Free (just released, or still being written) or stale: try again shortly, a bounded number of times.
    if (attempt >= 200) throw new Error(`Could not take the workspace lock ${file}.`);
    await sleep(20);
  }
}

/** Who else holds the workspace's sync lock now (a live process, not this one), without taking it. */
export function currentHolder(dataDir: string): LockHolder | null {
  const found = readLock(join(dataDir, LOCK_FILE), Date.now());
  return found.state === 'held' && found.holder.pid !== process.pid ? found.holder : null;
}

/** How a holder is named to the user: "the command line (PID 4242, since 2026-12-06 08:30 UTC)". */
export function describeHolder(holder: LockHolder): Message {
  const since = new Date(holder.since).toISOString().slice(0, 16).replace('T', ' ');
  const where = holder.host === hostname() ? '' : said('workspace.onHost', { host: holder.host });
  const key = holder.kind === 'app' ? 'workspace.holderApp' : 'workspace.holderCommandLine';
  return said(key, { pid: holder.pid, where, since });
}
