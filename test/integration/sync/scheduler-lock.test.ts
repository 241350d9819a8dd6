import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../../src-main/accounts';
import { openWorkspace } from '../../../src-main/workspace';
import { lastRun, startRun } from '../../../src-main/store/status';
import { createSyncScheduler, type SyncScheduler } from '../../../src-main/sync/scheduler';
import type { LockHolder } from '../../../src-main/workspace/lock';
import { memoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/tmp';

const HOLDER = join(__dirname, '../../unit/workspace/lock-holder.ts');
let scheduler: SyncScheduler | null = null;
afterEach(() => scheduler?.stop());

describe("the app's scheduler and a command-line sync", () => {
  it('waits while the command line holds the workspace, naming it, and syncs once it has gone', async () => {
    const dataDir = join(tempDir(), 'ws');
    const ws = openWorkspace(dataDir, { vault: memoryVault() });
    // Nothing answers on port 9: the round ends quickly, but it runs.
    const account = addAccount(ws, {
      vendor: 'opensense',
      name: 'Sites',
      baseUrl: 'http://127.0.0.1:9',
      secret: { token: 't' },
    });
    const seen: (LockHolder | null)[] = [];
    scheduler = createSyncScheduler(ws, { onHeldBy: (h) => seen.push(h) });

    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir, '60000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    // Opening the workspace meanwhile leaves the holder's running sync alone (it is not abandoned).
    startRun(ws.db, account.id, Date.now());
    openWorkspace(dataDir, { vault: memoryVault() }).close();
    expect(lastRun(ws.db, account.id)?.state).toBe('running');
    expect(scheduler.heldBy()?.pid).toBe(child.pid);
    expect(scheduler.heldBy()?.kind).toBe('command line');
    expect(await scheduler.start()).toEqual([]);
    expect(seen.map((h) => h?.pid)).toEqual([child.pid]);

    child.kill('SIGKILL');
    await new Promise<void>((done) => child.once('close', () => done()));
    expect(scheduler.heldBy()).toBeNull();
    const results = await scheduler.start();
    expect(results.map((r) => r.accountName)).toEqual(['Sites']);
    expect(seen.map((h) => h?.pid ?? null)).toEqual([child.pid, null]);
    ws.close();
  });
});
