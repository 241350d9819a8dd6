import { describe, expect, it } from 'vitest';
import { say } from '../../../src-main/model';
import { readFileSync } from 'node:fs';
import { listSources } from '../../../src-main/store/catalog';
import { listFiles } from '../../../src-main/store/files';
import {
  downloadAccountFiles,
  fileStatusText,
  refreshFileList,
  requestFilesFromDevice,
} from '../../../src-main/files/service';
import { filesRig, sha256 } from './rig';

describe('file list', () => {
  it('merges the server list and the device list per device, with statuses, sizes and times', async () => {
    const { sim, ws, account } = await filesRig();
    const { files, problems } = await refreshFileList(ws, account);
    expect(problems).toEqual([]);
    const devices = listSources(ws.db, account.id).filter((s) => s.parentId === null);
    expect(devices).toHaveLength(3);
    for (const device of devices) {
      const expected = sim.files(device.vendorRef);
      const rows = files.filter((f) => f.sourceId === device.id);
      // One row per file the device or the server holds: both lists merged, nothing twice.
      expect(rows.map((f) => f.vendorName).sort()).toEqual(expected.map((f) => f.name).sort());
      for (const row of rows) {
        const truth = expected.find((f) => f.name === row.vendorName);
        expect(row.vendorStatus, row.vendorName).toBe(truth?.currentStatus);
        expect(row.startTs).toBe((truth?.startMs ?? 0) * 1000);
        expect(row.size).toBe(sim.fileBytes(device.vendorRef, row.vendorName).length);
        expect(row.state).toBe('remote');
        expect(row.localPath).toBeNull();
      }
      // Every status the device list knows occurs: device only, server only, both.
      expect(new Set(rows.map((r) => r.vendorStatus))).toEqual(new Set([0, 2, 3]));
    }
    expect(files.map((f) => fileStatusText(account, f.vendorStatus))).toContain('only on the device');
    // A second refresh changes nothing.
    expect((await refreshFileList(ws, account)).files).toEqual(files);
  });

  it('asks a device for its files: pending until it connects, then requested, then downloadable', async () => {
    const { sim, ws, account } = await filesRig({ manualConnect: true });
    const { files } = await refreshFileList(ws, account);
    const target = files.find((f) => f.vendorStatus === 0 && f.startTs !== null);
    expect(target).toBeDefined();
    if (!target || target.startTs === null || target.sourceId === null) return;
    const device = listSources(ws.db, account.id).find((s) => s.id === target.sourceId);
    const fromMs = target.startTs / 1000;

    const marked = await requestFilesFromDevice(ws, account, target.sourceId, fromMs, fromMs + 1000);
    expect(marked.map((f) => f.id)).toEqual([target.id]);
    const row = () => listFiles(ws.db, { ids: [target.id] })[0];
    expect(row()).toMatchObject({ vendorStatus: 0, state: 'requested' });
    // Still waiting for the device: a refresh keeps the request visible.
    await refreshFileList(ws, account);
    expect(row()).toMatchObject({ vendorStatus: 0, state: 'requested' });
    // Not on the server yet: a download skips it with the reason.
    const early = await downloadAccountFiles(ws, account, { fileIds: [target.id] });
    expect(early.skipped.map((s) => say(s.reason, 'en'))).toEqual([
      'only on the device: request it from the device first',
    ]);

    // The device calls in: it lists the file (status 1); the upload follows at its next call.
    sim.connectDevice(device?.vendorRef ?? '');
    await refreshFileList(ws, account);
    expect(row()).toMatchObject({ vendorStatus: 1, state: 'requested' });
    expect(fileStatusText(account, row().vendorStatus)).toBe('requested from the device');

    sim.connectDevice(device?.vendorRef ?? '');
    await refreshFileList(ws, account);
    expect(row()).toMatchObject({ vendorStatus: 3, state: 'remote' });
    const done = await downloadAccountFiles(ws, account, { fileIds: [target.id], importOsf: false });
    expect(done.failed).toEqual([]);
    expect(row().state).toBe('downloaded');
    expect(sha256(readFileSync(row().localPath ?? ''))).toBe(
      sha256(sim.fileBytes(device?.vendorRef ?? '', target.vendorName)),
    );
  });
});
