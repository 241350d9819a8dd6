import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDiskSpace, DiskSpaceError } from '../../../src-main/files/queue';
import { say } from '../../../src-main/model';
import { downloadAccountFiles, refreshFileList } from '../../../src-main/files/service';
import { listFiles, upsertRemoteFiles } from '../../../src-main/store/files';
import { tempDir } from '../../helpers/tmp';
import { filesRig } from './rig';

describe('disk space', () => {
  it('refuses to start when the disk cannot hold the files, and changes nothing', async () => {
    const dir = tempDir();
    await expect(checkDiskSpace(dir, 1e18)).rejects.toThrow(DiskSpaceError);
    await expect(checkDiskSpace(dir, 1e18)).rejects.toThrow(
      /Not enough disk space in .*: the download needs about [\d,]+ MB and [\d,]+ MB is free\./,
    );
    // German groups thousands with dots.
    const german = await checkDiskSpace(dir, 1e18).catch((err: DiskSpaceError) => say(err.said, 'de'));
    expect(german).toMatch(/^Nicht genug Speicherplatz in .*: Der Download braucht etwa 953\.674\.316\.\d{3} MB, frei/);
    await expect(checkDiskSpace(dir, 1024)).resolves.toBeUndefined();

    const rig = await filesRig();
    const { files } = await refreshFileList(rig.ws, rig.account);
    const file = files.filter((f) => f.vendorStatus === 2 || f.vendorStatus === 3)[0];
    // The vendor says the file is a petabyte.
    upsertRemoteFiles(
      rig.ws.db,
      rig.account.id,
      file.sourceId ?? 0,
      [
        {
          vendorName: file.vendorName,
          size: 1e15,
          vendorStatus: file.vendorStatus,
          startTs: file.startTs,
          endTs: file.endTs,
        },
      ],
      Date.now(),
    );
    const requestsBefore = rig.sim.requestCount();
    const out = join(tempDir(), 'out');
    await expect(
      downloadAccountFiles(rig.ws, rig.account, { fileIds: [file.id], outDir: out, importOsf: false }),
    ).rejects.toThrow(DiskSpaceError);
    expect(rig.sim.requestCount()).toBe(requestsBefore);
    expect(listFiles(rig.ws.db, { ids: [file.id] })[0].state).toBe('remote');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
