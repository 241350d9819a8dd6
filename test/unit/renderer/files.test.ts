import { describe, expect, it } from 'vitest';
import type { FilesCapability, FileListView, FileView } from '../../../src-main/api/contract';
import { filterFiles, noFilters } from '../../../src-renderer/files/FileFilters';
import { isDeviceOnly, isOnServer, stateText, statusShort } from '../../../src-renderer/files/fileStatus';

/** A vendor with its own storage states: the words come from its capability, never from a vendor id. */
const withStatuses: FilesCapability = {
  listed: true,
  requestFromDevice: true,
  osf: true,
  statuses: [
    { code: 0, short: 'device only', long: 'only on the device', onServer: false, deviceOnly: true, requested: false },
    { code: 1, short: 'requested', long: 'requested', onServer: false, deviceOnly: false, requested: true },
    { code: 2, short: 'server only', long: 'only on the server', onServer: true, deviceOnly: false, requested: false },
  ],
};
const withoutStatuses: FilesCapability = { listed: true, requestFromDevice: false, osf: false, statuses: [] };

let nextId = 1;
function file(change: Partial<FileView>): FileView {
  return {
    id: nextId++,
    accountId: 'a',
    sourceId: 7,
    device: 'Logger',
    vendorName: 'x.osf',
    name: 'x.osf',
    size: 100,
    status: null,
    statusText: 'on the server',
    startTs: 0,
    endTs: 1,
    state: 'remote',
    downloaded: false,
    localPath: null,
    sha256: null,
    error: null,
    ...change,
  };
}

describe('file status from a capability', () => {
  it('reads a status code through the vendor’s words', () => {
    const onDevice = file({ status: 0, statusText: 'only on the device' });
    expect(statusShort(withStatuses, onDevice)).toBe('device only');
    expect(isDeviceOnly(withStatuses, onDevice)).toBe(true);
    expect(isOnServer(withStatuses, onDevice)).toBe(false);
    expect(stateText(withStatuses, { ...onDevice, state: 'requested' })).toMatch(/waits for the device/);
    expect(isOnServer(withStatuses, file({ status: 2 }))).toBe(true);
  });
  it('treats a file without a status as on the server', () => {
    const f = file({});
    expect(statusShort(withoutStatuses, f)).toBe('on the server');
    expect(isOnServer(withoutStatuses, f)).toBe(true);
    expect(isDeviceOnly(withoutStatuses, f)).toBe(false);
  });
  it('falls back to the reply’s words for a code the capability does not know', () => {
    expect(statusShort(withStatuses, file({ status: 9, statusText: 'status 9' }))).toBe('status 9');
  });
});

describe('filterFiles', () => {
  it('filters by status, device and what is here', () => {
    const files = [
      file({ status: 0 }),
      file({ status: 1 }),
      file({ status: 2, downloaded: true }),
      file({ status: 2, sourceId: 8 }),
    ];
    const list = { files } as FileListView;
    const ids = (filters: Partial<typeof noFilters>) =>
      filterFiles(withStatuses, list, { ...noFilters, ...filters }).map((f) => f.id);
    expect(ids({ status: 'server' })).toEqual([files[2].id, files[3].id]);
    expect(ids({ status: 'device' })).toEqual([files[0].id]);
    expect(ids({ status: 'requested' })).toEqual([files[1].id]);
    expect(ids({ device: 8 })).toEqual([files[3].id]);
    expect(ids({ downloaded: 'yes' })).toEqual([files[2].id]);
  });
});
