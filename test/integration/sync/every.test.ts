import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../../../src-main/accounts';
import { openWorkspace } from '../../../src-main/workspace';
import { streamByKey } from '../../../src-main/store/catalog';
import { pointsInRange } from '../../../src-main/store/points';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import { memoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/tmp';
import { digest } from '../../helpers/workspace';
import { CLI, ensureBuiltCli, runCli, secretEnv } from '../cli/run-cli';

/**
 * `tributary sync --every 2s` against the simulators: three rounds, a second `sync` refused while it
 * runs (naming its PID), exit 0 within 2 s of SIGTERM, and the local copy equal to the vendors' data.
 * The built CLI runs on the real clock; `--to` pins the end so that the data can be compared exactly.
 */
const VENDORS = ['opticloud', 'opendatasoft', 'opensense'] as const;

let sims: Simulators;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ensureBuiltCli();
  sims = await startSimulators({ seed: 5, faults: 'none', scale: 'small' });
  env = secretEnv(Object.fromEntries(VENDORS.map((v) => [v, sims.credentials[v]])));
});
afterAll(async () => {
  await sims?.close();
});

describe('tributary sync --every', () => {
  it('rejects a malformed period with exit 2', async () => {
    for (const every of ['15', '0s', '5d', 'soon']) {
      const r = await runCli(['sync', '--every', every, '--data-dir', tempDir()], env);
      expect(r.code, every).toBe(2);
      expect(r.stderr).toContain('--every must be a duration');
    }
  });

  it('runs a round every 2 s holding the workspace, and exits 0 on SIGTERM with exact data', async () => {
    const dataDir = join(tempDir('tributary-every-'), 'ws');
    const ws = openWorkspace(dataDir, { vault: memoryVault() });
    for (const v of VENDORS)
      addAccount(ws, { vendor: v, name: v, baseUrl: sims.baseUrls[v], secret: sims.credentials[v] });
    ws.close();
    const end = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const from = new Date(end - 40 * 86_400_000).toISOString();
    const to = new Date(end).toISOString();

    const child = spawn(
      process.execPath,
      [CLI, 'sync', '--every', '2s', '--from', from, '--to', to, '--data-dir', dataDir],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const rounds = () => stdout.split('\n').filter((l) => l.startsWith('Round '));
    const roundsSeen = (n: number) =>
      new Promise<void>((done) => {
        const check = () => rounds().length >= n && done();
        child.stdout.on('data', (b: Buffer) => {
          stdout += b.toString();
          check();
        });
      });
    const exited = new Promise<{ code: number | null; at: number }>((done) =>
      child.on('close', (code) => done({ code, at: Date.now() })),
    );

    await roundsSeen(1);
    // The schedule holds the workspace between rounds too: a cron `sync` is turned away, naming it.
    const second = await runCli(['sync', '--data-dir', dataDir], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`The workspace is being synced by the command line (PID ${child.pid}`);

    await roundsSeen(3);
    const sentAt = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code, stderr).toBe(0);
    expect(at - sentAt).toBeLessThan(2000);
    expect(rounds().length).toBeGreaterThanOrEqual(3);
    expect(rounds()[0]).toMatch(/^Round 1 at \S+Z: 3 accounts, [1-9]\d* new points; all ok$/);
    expect(rounds()[1]).toMatch(/^Round 2 at \S+Z: 3 accounts, 0 new points; all ok$/);

    const check = openWorkspace(dataDir, { vault: memoryVault() });
    try {
      let compared = 0;
      for (const v of VENDORS)
        for (const t of sims.sims[v].truth()) {
          const stream = streamByKey(check.db, t.key);
          const expected = digest([...t.points()].filter((p) => p.ts < end * 1000));
          expect(stream ? digest(pointsInRange(check.db, stream.id)) : 'missing', t.key).toEqual(expected);
          compared += expected.count;
        }
      expect(compared).toBeGreaterThan(1000);
    } finally {
      check.close();
    }
    // The lock went with the process: the workspace can be synced again.
    const after = await runCli(['sync', '--account', 'opensense', '--to', to, '--data-dir', dataDir], env);
    expect(after.code, after.stderr).toBe(0);
  });
});
