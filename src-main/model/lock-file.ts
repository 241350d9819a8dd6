/**
 * What a lock file needs, shared by the sync lock (workspace/lock.ts) and the encrypted file's write
 * lock (vault/file-store.ts): an exclusive create, so that of two processes exactly one wins, and
 * whether the PID written in it still runs. Node built-ins only, so every floor may use it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Creates `file` only if it does not exist, with `text` in it; false if it exists. */
export function createExclusive(file: string, text: string, mode = 0o600): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Whether a process with this PID runs on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
