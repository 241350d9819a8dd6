import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { say } from '../../../src-main/model';
import { downloadAccountFiles } from '../../../src-main/files/service';
import { upsertSource } from '../../../src-main/store/catalog';
import { listFiles, upsertRemoteFiles } from '../../../src-main/store/files';
import { simOptions } from '../../../src-main/simulators';
import { drawFlakyFault } from '../../../src-main/simulators/common/faults';
import { listen } from '../../../src-main/simulators/common/server';
import { createOpticloudSimulator } from '../../../src-main/simulators/opticloud/index';
import { HOSTILE_FILE_NAMES } from '../../../src-main/simulators/opticloud/catalog';
import { addSimulatorAccount, testWorkspace } from '../../helpers/workspace';
import { tempDir } from '../../helpers/tmp';
import { NOW, filesUnder, sha256 } from './rig';

/**
 * `hostile` also throttles with absurd Retry-Afters: a seed whose first requests draw no throttle or
 * delay keeps this test about names and archives (resets and 5xx still happen and are retried).
 */
function calmSeed(requests: number): number {
  for (let seed = 1; ; seed++) {
    let calm = true;
    for (let n = 0; n < requests && calm; n++) calm = !['throttle', 'slow'].includes(drawFlakyFault(seed, n) ?? '');
    if (calm) return seed;
  }
}

/**
 * The hostile optiCLOUD: file names with `../` and absolute paths, ZIPs with zip-slip entries. Its XML
 * list is refused by the connector (entity bomb), so the test writes the server's names into the
 * files table itself, as a list would, and devices are written as a sync would discover them.
 */
async function hostileRig() {
  const sim = createOpticloudSimulator(simOptions({ seed: calmSeed(60), now: NOW, faults: 'hostile', scale: 'small' }));
  const server = await listen(sim.handler);
  const ws = testWorkspace({ now: () => NOW });
  const account = addSimulatorAccount(ws, 'opticloud', `http://127.0.0.1:${server.port}`, sim.credentials, 'Hostile');
  const devices = sim.platform().tenants[0].devices.slice(0, 2);
  const sourceIds = devices.map((d) => upsertSource(ws.db, { accountId: account.id, vendorRef: d.id, name: d.label }));
  devices.forEach((d, i) =>
    upsertRemoteFiles(
      ws.db,
      account.id,
      sourceIds[i],
      sim
        .files(d.id)
        .filter((f) => f.currentStatus >= 2)
        .map((f) => ({
          vendorName: f.name,
          size: sim.fileBytes(d.id, f.name).length,
          vendorStatus: f.currentStatus,
          startTs: f.startMs * 1000,
          endTs: f.endMs * 1000,
        })),
      NOW,
    ),
  );
  return { sim, server, ws, account, devices, sourceIds };
}

describe('hostile file names and archives', () => {
  it('writes traversal and absolute names as safe names inside the folder', async () => {
    const { sim, server, ws, account, devices } = await hostileRig();
    try {
      const hostile = listFiles(ws.db, { accountId: account.id }).filter((f) =>
        HOSTILE_FILE_NAMES.includes(f.vendorName),
      );
      expect(hostile).toHaveLength(HOSTILE_FILE_NAMES.length);
      const root = tempDir();
      const out = join(root, 'inside', 'out');
      // One at a time: each a single download (a batch would come as a hostile ZIP).
      for (const f of hostile) {
        const summary = await downloadAccountFiles(ws, account, {
          fileIds: [f.id],
          outDir: out,
          importOsf: false,
          retryDelayMs: 10,
        });
        expect(summary.failed).toEqual([]);
      }
      const rows = listFiles(ws.db, { ids: hostile.map((f) => f.id) });
      const folder = join(out, devices[0].label);
      for (const f of rows) {
        expect(f.state).toBe('downloaded');
        expect(dirname(f.localPath ?? '')).toBe(folder);
        expect(sha256(readFileSync(f.localPath ?? ''))).toBe(sha256(sim.fileBytes(devices[0].id, f.vendorName)));
      }
      // Four names, two end in the same word and hold the same bytes: there once, never overwritten; nothing outside `out`.
      const written = filesUnder(root).sort();
      expect(written).toEqual(
        ['evil.osfz', 'passwd.osfz', 'x.osfz'].map((name) => `inside/out/${devices[0].label}/${name}`),
      );
      expect(new Set(rows.map((f) => f.localPath))).toEqual(new Set(written.map((p) => join(root, p))));
    } finally {
      await server.close();
    }
  });

  it('files of two devices, batches and hostile names together: each byte-exact in its device folder', async () => {
    const { sim, server, ws, account, devices, sourceIds } = await hostileRig();
    try {
      // A ZIP batch's worth of ordinary files per device (the CI's time is short), and every hostile name.
      const all = sourceIds.flatMap((sourceId) => {
        const files = listFiles(ws.db, { accountId: account.id, sourceId });
        const hostile = (f: (typeof files)[number]) => HOSTILE_FILE_NAMES.includes(f.vendorName);
        return [...files.filter((f) => !hostile(f)).slice(0, 20), ...files.filter(hostile)];
      });
      const root = tempDir();
      const out = join(root, 'out');
      const summary = await downloadAccountFiles(ws, account, {
        fileIds: all.map((f) => f.id),
        outDir: out,
        importOsf: false,
        retryDelayMs: 10,
      });
      expect(summary.failed).toEqual([]);
      // Two hostile names end in `evil.osfz` with the same bytes: the second finds it there and is skipped.
      expect(summary.skipped.map((s) => say(s.reason, 'en'))).toEqual(['the same file is already there']);
      expect(summary.archiveNotes.length).toBeGreaterThan(0);
      for (const f of listFiles(ws.db, { ids: all.map((a) => a.id) })) {
        const device = devices[sourceIds.indexOf(f.sourceId ?? -1)];
        expect(f.state, f.vendorName).toBe('downloaded');
        expect(dirname(f.localPath ?? '')).toBe(join(out, device.label));
        expect(sha256(readFileSync(f.localPath ?? '')), f.vendorName).toBe(
          sha256(sim.fileBytes(device.id, f.vendorName)),
        );
      }
      expect(filesUnder(root).every((p) => p.startsWith('out/'))).toBe(true);
      expect(filesUnder(root)).toHaveLength(all.length - 1);
      expect(existsSync('/tmp/evil-absolute.osfz')).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('a zip-slip archive: good entries extracted, the escaping one refused and its file fetched alone', async () => {
    const { sim, server, ws, account, devices, sourceIds } = await hostileRig();
    try {
      const normal = (sourceId: number) =>
        listFiles(ws.db, { accountId: account.id, sourceId }).filter((f) => !HOSTILE_FILE_NAMES.includes(f.vendorName));
      const batch = normal(sourceIds[0]).slice(0, 3);
      const single = normal(sourceIds[1])[0];
      const root = tempDir();
      const out = join(root, 'a', 'b', 'out');
      const summary = await downloadAccountFiles(ws, account, {
        fileIds: [...batch, single].map((f) => f.id),
        outDir: out,
        importOsf: false,
        retryDelayMs: 10,
      });
      expect(summary.failed).toEqual([]);
      expect(summary.downloaded.map((f) => f.id).sort()).toEqual([...batch, single].map((f) => f.id).sort());
      const base = (name: string) => name.split('/').pop() ?? '';
      expect(summary.archiveNotes.map((n) => say(n, 'en'))).toEqual([
        `Archive entry "../../${base(batch[0].vendorName)}" refused: path escaping the folder.`,
        'Archive entry "/tmp/evil-absolute.osfz" refused: absolute path.',
      ]);
      const deviceOf = (i: number) => devices[i].label;
      for (const [i, f] of [...batch.map((b) => [0, b] as const), [1, single] as const])
        expect(sha256(readFileSync(join(out, deviceOf(i), base(f.vendorName))))).toBe(
          sha256(sim.fileBytes(devices[i].id, f.vendorName)),
        );
      expect(filesUnder(root).sort()).toEqual(
        [
          ...batch.map((f) => `a/b/out/${deviceOf(0)}/${base(f.vendorName)}`),
          `a/b/out/${deviceOf(1)}/${base(single.vendorName)}`,
        ].sort(),
      );
      expect(existsSync('/tmp/evil-absolute.osfz')).toBe(false);
      expect(readdirSync(join(root, 'a')).sort()).toEqual(['b']);
    } finally {
      await server.close();
    }
  });
});
