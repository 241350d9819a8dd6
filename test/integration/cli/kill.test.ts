import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../../../src-main/accounts';
import { openWorkspace } from '../../../src-main/workspace';
import { listSources, listStreams, streamByKey } from '../../../src-main/store/catalog';
import { listFiles } from '../../../src-main/store/files';
import { pointsInRange } from '../../../src-main/store/points';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import type { OpticloudSimulator } from '../../../src-main/simulators/opticloud/index';
import { memoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/tmp';
import { digest } from '../../helpers/workspace';
import { ensureBuiltCli, killDelays, runCli, secretEnv, strayTempFiles, type Run } from './run-cli';

/**
 * kill -9 of the built CLI at seeded random moments of a sync, an export and a download, ten times
 * each, then a run to the end: nothing lost, nothing doubled, the database whole, no temp files left.
 * The simulators run on the real clock here (the CLI cannot be given another); `--to` pins the end.
 */
const KILLS = 10;
const VENDORS = ['opticloud', 'opendatasoft', 'opensense'] as const;

let sims: Simulators;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let from: string;
let to: string;
let toUs: number;

beforeAll(async () => {
  ensureBuiltCli();
  sims = await startSimulators({ seed: 21, faults: 'none', scale: 'small' });
  dataDir = join(tempDir('tributary-kill-'), 'ws');
  const ws = openWorkspace(dataDir, { vault: memoryVault() });
  for (const v of VENDORS)
    addAccount(ws, { vendor: v, name: v, baseUrl: sims.baseUrls[v], secret: sims.credentials[v] });
  ws.close();
  env = secretEnv(Object.fromEntries(VENDORS.map((v) => [v, sims.credentials[v]])));
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
  to = new Date(end).toISOString();
  toUs = end * 1000;
  from = new Date(end - 40 * 86_400_000).toISOString();
});
afterAll(async () => {
  await sims?.close();
});

const cli = (args: string[], killAfterMs?: number) => runCli([...args, '--data-dir', dataDir], env, killAfterMs);

/** Kills `args` KILLS times at seeded moments, checking `afterKill` each time; returns the kills that landed. */
async function killRepeatedly(args: string[], seed: number, afterKill?: (r: Run) => void): Promise<number> {
  const delay = killDelays(seed);
  let killed = 0;
  for (let i = 0; i < KILLS; i++) {
    const r = await cli(args, delay());
    if (r.signal === 'SIGKILL') killed++;
    else expect(r.code, r.stderr).toBe(0);
    afterKill?.(r);
  }
  return killed;
}

function openReadOnlyCheck<T>(run: (ws: ReturnType<typeof openWorkspace>) => T): T {
  const ws = openWorkspace(dataDir, { vault: memoryVault() });
  try {
    return run(ws);
  } finally {
    ws.close();
  }
}

describe('kill -9 at random moments, then finish', () => {
  it('sync: nothing lost, nothing doubled, database whole', async () => {
    const args = ['sync', '--from', from, '--to', to];
    const killed = await killRepeatedly(args, 1);
    expect(killed).toBeGreaterThan(KILLS / 2);
    const last = await cli(args);
    expect(last.code, last.stderr).toBe(0);
    openReadOnlyCheck((ws) => {
      expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
      let compared = 0;
      for (const v of VENDORS)
        for (const t of sims.sims[v].truth()) {
          const stream = streamByKey(ws.db, t.key);
          const expected = digest([...t.points()].filter((p) => p.ts < toUs));
          const stored = stream ? digest(pointsInRange(ws.db, stream.id)) : { count: 0, sha256: 'missing' };
          expect(stored, t.key).toEqual(expected);
          compared += expected.count;
        }
      expect(compared).toBeGreaterThan(10_000);
      // (stream, ts) is the key: a repeated page could not have doubled a point.
      const dupes = ws.db
        .prepare('SELECT count(*) AS n FROM (SELECT stream_id, ts FROM points GROUP BY 1, 2 HAVING count(*) > 1)')
        .get() as { n: number };
      expect(dupes.n).toBe(0);
    });
    expect(strayTempFiles(dataDir)).toEqual([]);
  });

  it('export: never a partial output file; a later export succeeds', async () => {
    const outDir = join(dataDir, 'out');
    const target = join(outDir, 'all.csv');
    const rows = openReadOnlyCheck((ws) =>
      listStreams(ws.db).reduce((n, s) => n + digest(pointsInRange(ws.db, s.id)).count, 0),
    );
    const args = ['export', '--format', 'csv', '--out', target];
    const complete = (text: string) =>
      text.startsWith('vendor,stream,ts,value\n') && text.trimEnd().split('\n').length === rows + 1;
    await killRepeatedly(args, 2, () => {
      if (existsSync(target)) expect(complete(readFileSync(target, 'utf8'))).toBe(true);
    });
    const last = await cli(args);
    expect(last.code, last.stderr).toBe(0);
    expect(complete(readFileSync(target, 'utf8'))).toBe(true);
    expect(strayTempFiles(outDir)).toEqual([]);
  });

  it('files download: a rerun completes, every file equal to the vendor’s', async () => {
    const outDir = join(dataDir, 'files');
    const args = ['files', 'download', '--account', 'opticloud', '--out', outDir];
    await killRepeatedly(args, 3);
    const last = await cli(args);
    expect(last.code, last.stderr).toBe(0);
    openReadOnlyCheck((ws) => {
      const account = ws.db.prepare("SELECT id FROM accounts WHERE name = 'opticloud'").get() as { id: string };
      const devices = new Map(listSources(ws.db, account.id).map((s) => [s.id, s.vendorRef]));
      const files = listFiles(ws.db, { accountId: account.id }).filter((f) => f.state === 'downloaded');
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const expected = createHash('sha256')
          .update(
            (sims.sims.opticloud as OpticloudSimulator).fileBytes(devices.get(f.sourceId ?? -1) ?? '', f.vendorName),
          )
          .digest('hex');
        expect(f.sha256, f.vendorName).toBe(expected);
        expect(
          createHash('sha256')
            .update(readFileSync(f.localPath ?? ''))
            .digest('hex'),
          f.vendorName,
        ).toBe(expected);
      }
      // Each file once, in its device's folder.
      for (const f of files) expect(dirname(dirname(f.localPath ?? ''))).toBe(outDir);
      const written = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(written.length).toBe(files.length);
    });
    expect(strayTempFiles(outDir)).toEqual([]);
  });
});
