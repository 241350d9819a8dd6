import { homedir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Db } from '../store/db';
import { closeAbandonedRuns } from '../store/status';
import { createVault, type Vault } from '../vault';
import { currentHolder } from '../workspace/lock';
import { createEventBus, type EventBus } from './events';

/** Everything the services share: one workspace = one data folder (SQLite file + downloads). */
export interface Workspace {
  dataDir: string;
  db: Db;
  vault: Vault;
  events: EventBus;
  /** ms since the epoch; injectable for tests. */
  now: () => number;
  close(): void;
}

/** The app's user-data folder, the same one Electron's `app.getPath('userData')` gives for "Tributary". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRIBUTARY_DATA_DIR) return env.TRIBUTARY_DATA_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tributary');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tributary');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Tributary');
}

export function openWorkspace(dataDir: string, options: { vault?: Vault; now?: () => number } = {}): Workspace {
  const db = openStore(join(dataDir, 'tributary.sqlite'));
  const now = options.now ?? Date.now;
  // Runs left 'running' ended with their process, unless another process is syncing them right now.
  if (!currentHolder(dataDir)) closeAbandonedRuns(db, now());
  return {
    dataDir,
    db,
    vault: options.vault ?? createVault(dataDir),
    events: createEventBus(),
    now,
    close: () => db.close(),
  };
}
